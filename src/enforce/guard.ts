import type { PlainValue } from '../rules/index.js';
import type { Verdict } from './decision.js';

/** The slice of an OpenTelemetry tracer the guard uses (so the package needs no OpenTelemetry dependency). */
export interface GuardTracer {
  startSpan(name: string, options: { attributes: Record<string, string> }): { setStatus(status: { code: number; message?: string }): unknown; end(): void };
}

/** How a guarded tool reaches Vigil and names itself. */
export interface GuardOptions {
  /** Vigil's OTLP/HTTP base URL, e.g. http://127.0.0.1:4318. */
  readonly url: string;
  /** `gen_ai.conversation.id`, `gen_ai.agent.name`, `user.id`, … of every call. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** The call's own attributes, e.g. `process.command_line` for a shell tool. */
  readonly describe?: (args: readonly unknown[]) => Record<string, string>;
  /** Reports each performed call as a span carrying the decision id (counted once with its check). */
  readonly tracer?: GuardTracer;
  /** `ask`: resolve true to go ahead. Default: refuse, as an unattended agent cannot ask. */
  readonly ask?: (verdict: Verdict) => Promise<boolean>;
  /** Milliseconds to wait for Vigil; then the call is refused (fail-closed). Default 2000. */
  readonly timeoutMs?: number;
}

/** Thrown instead of running a refused call; `message` is written for the model. */
export class ActionDenied extends Error {
  constructor(readonly verdict: Verdict) {
    super(verdict.model_message || 'Vigil refused this action');
    this.name = 'ActionDenied';
  }
}

const failed = (message: string): Verdict => ({ decision: 'deny', reasons: [{ type: 'failure', message }], id: '', model_message: `Vigil could not check this action (${message}); it was not run.`, user_message: message });

async function ask(options: GuardOptions, attributes: Record<string, PlainValue>): Promise<Verdict> {
  try {
    const response = await fetch(`${options.url}/v1/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ attributes }), signal: AbortSignal.timeout(options.timeoutMs ?? 2000) });
    if (!response.ok) return failed(`check answered ${response.status}`);
    return (await response.json()) as Verdict;
  } catch (error) {
    return failed((error as Error).message);
  }
}

/**
 * Wraps an in-house agent's tool: every call is checked with `POST /v1/check` first (denied or
 * unanswered calls throw ActionDenied), and a performed call is reported as an `execute_tool`
 * span with its decision id.
 */
export function guardTool<A extends unknown[], R>(name: string, tool: (...args: A) => Promise<R>, options: GuardOptions): (...args: A) => Promise<R> {
  return async (...args: A): Promise<R> => {
    const attributes: Record<string, string> = { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': name, 'gen_ai.tool.call.arguments': JSON.stringify(args), ...options.attributes, ...options.describe?.(args) };
    const verdict = await ask(options, attributes);
    const go = verdict.decision === 'allow' || (verdict.decision === 'ask' && options.ask !== undefined && (await options.ask(verdict)));
    if (!go) throw new ActionDenied(verdict);
    const span = options.tracer?.startSpan(`execute_tool ${name}`, { attributes: { ...attributes, 'vigil.decision.id': verdict.id } });
    try {
      return await tool(...args);
    } catch (error) {
      span?.setStatus({ code: 2, message: (error as Error).message });
      throw error;
    } finally {
      span?.end();
    }
  };
}
