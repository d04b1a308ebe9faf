/** Pre-action enforcement: checks, flags (kill switch, pause), rule actions, agent hooks. */
export { FLAG_SCOPES, GLOBAL_ID, flagKeys, isActive, type Flag, type FlagKind, type FlagScope, type FlagStore, type Subjects } from './flag.js';
export { MemoryFlagStore } from './memory-flags.js';
export { MemoryCallMemory, type CallMemory } from './call-memory.js';
export { FlagActions } from './flag-actions.js';
export { Enforcer, type EnforcerOptions } from './enforcer.js';
export { checkEvent, invalidAction, subjectsOf, DECISION_ID_ATTRIBUTE, TOOL_CALL_ID_ATTRIBUTE, type ProposedAction } from './check-event.js';
export type { Decision, Reason, Verdict } from './decision.js';
export { SessionIndex } from './session-index.js';
export { SessionRisk, type SessionSummary } from './session-risk.js';
export { guardTool, ActionDenied, type GuardOptions, type GuardTracer } from './guard.js';
