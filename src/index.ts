/** Vigil as a library: run the gateway, compile and evaluate rules, load configuration. */
export { Gateway, type GatewayAddresses, type GatewayOptions } from './pipeline/index.js';
export { configFromObject, loadConfig, type VigilConfig } from './config/index.js';
export { compileRuleSet, loadRuleSet, RulesEngine, formatDiagnostic, type CompiledRule, type Detection, type Diagnostic } from './rules/index.js';
export { AgentEvent, eventsFromLogs, eventsFromTraces } from './event/index.js';
export { createStateStore } from './store/index.js';
export { guardTool, ActionDenied, type GuardOptions, type GuardTracer, type Verdict } from './enforce/index.js';
