import type { Detection } from '../rules/index.js';
import type { Flag } from './flag.js';

/** A pre-action verdict. */
export type Decision = 'allow' | 'deny' | 'ask';

/** One reason behind a verdict. */
export type Reason =
  | { readonly type: 'rule'; readonly rule: string; readonly action: Decision; readonly severity: string; readonly message: string; readonly detection: string }
  | { readonly type: 'flag'; readonly scope: Flag['scope']; readonly id: string; readonly kind: Flag['kind']; readonly reason: string; readonly actor: string; readonly set_at: string; readonly expires_at?: string }
  | { readonly type: 'failure'; readonly message: string };

/** The answer to a check, as `POST /v1/check` returns it. */
export interface Verdict {
  readonly decision: Decision;
  readonly reasons: readonly Reason[];
  /** Decision id: the audit trail and a later span (`vigil.decision.id`) refer to it. */
  readonly id: string;
  /** Written for the model: what was refused and what to do instead. */
  readonly model_message: string;
  /** Written for the person at the keyboard. */
  readonly user_message: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A flag as a reason. */
export function flagReason(flag: Flag): Reason {
  const base = { type: 'flag', scope: flag.scope, id: flag.id, kind: flag.kind, reason: flag.reason, actor: flag.actor, set_at: iso(flag.setAtMs) } as const;
  return flag.expiresAtMs === undefined ? base : { ...base, expires_at: iso(flag.expiresAtMs) };
}

/** The decision a detection asks for, if its rule decides checks. */
export function ruleDecision(detection: Detection): Decision | undefined {
  return detection.actions.includes('deny') ? 'deny' : detection.actions.includes('ask') ? 'ask' : undefined;
}

/** A detection as a reason. */
export function ruleReason(detection: Detection, action: Decision): Reason {
  return { type: 'rule', rule: detection.ruleId, action, severity: detection.severity, message: detection.message, detection: detection.id };
}

function describe(flag: Extract<Reason, { type: 'flag' }>): string {
  const who = flag.scope === 'global' ? 'All agent actions are' : `This ${flag.scope} (${flag.id}) is`;
  return `${who} ${flag.kind === 'kill' ? 'stopped' : 'paused'} by ${flag.actor}: ${flag.reason}`;
}

/** Deny over ask over allow; the messages name every reason. */
export function verdict(id: string, reasons: readonly Reason[]): Verdict {
  const decisive = (r: Reason): Decision => (r.type === 'rule' ? r.action : 'deny');
  const decision: Decision = reasons.some((r) => decisive(r) === 'deny') ? 'deny' : reasons.length > 0 ? 'ask' : 'allow';
  if (decision === 'allow') return { decision, reasons, id, model_message: '', user_message: '' };
  const lines = reasons.map((r) => (r.type === 'rule' ? `${r.rule}: ${r.message}` : r.type === 'flag' ? describe(r) : r.message));
  const model =
    decision === 'deny'
      ? `Vigil policy blocked this action (${lines.join('; ')}). Do not retry it or work around it; tell the user what you were trying to do.`
      : `Vigil policy requires the user's approval for this action (${lines.join('; ')}).`;
  const user = `Vigil ${decision === 'deny' ? 'denied' : 'asks approval for'} this action [decision ${id}]: ${lines.join('; ')}`;
  return { decision, reasons, id, model_message: model, user_message: user };
}
