import type { FastifyPluginAsync } from 'fastify';
import { invalidAction, type ProposedAction } from './check-event.js';
import type { Enforcer } from './enforcer.js';
import { HOOK_ADAPTERS } from './hooks/index.js';
import type { Verdict } from './decision.js';

/** How the check endpoints answer. */
export interface CheckPluginOptions {
  readonly enforcer: Enforcer;
  /** `monitor`: hooks record what they would deny and answer "no opinion". */
  readonly hookMode: 'enforce' | 'monitor';
  /** Every `/v1/check` verdict. */
  readonly onCheck?: (verdict: Verdict) => void;
  /** Every hook verdict and whether it was passed on (false in monitor mode). */
  readonly onHook?: (agent: string, verdict: Verdict, enforced: boolean) => void;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * `POST /v1/check` and `POST /v1/hooks/<agent>` on the ingest listener. Registered in its own
 * context: JSON bodies only, errors as `{"error": …}`.
 */
export const checkPlugin: FastifyPluginAsync<CheckPluginOptions> = async (app, options) => {
  const { enforcer } = options;
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return reply.code(status).send({ error: error.message });
  });

  app.post('/v1/check', async (request, reply) => {
    const problem = invalidAction(request.body);
    if (problem !== undefined) return reply.code(400).send({ error: problem });
    const verdict = await enforcer.check(request.body as ProposedAction);
    options.onCheck?.(verdict);
    return { decision: verdict.decision, reasons: verdict.reasons, id: verdict.id, model_message: verdict.model_message, user_message: verdict.user_message };
  });

  app.post<{ Params: { agent: string } }>('/v1/hooks/:agent', async (request, reply) => {
    const adapter = HOOK_ADAPTERS.get(request.params.agent);
    if (adapter === undefined) return reply.code(404).send({ error: `no hook protocol for ${request.params.agent}; known: ${[...HOOK_ADAPTERS.keys()].join(', ')}` });
    if (!isObject(request.body)) return reply.code(400).send({ error: 'hook payload must be a JSON object' });
    const payload = request.body;
    const action = adapter.action(payload);
    if (action === undefined) return reply.code(200).send(adapter.answer('no-opinion', payload) ?? '');
    const verdict = await enforcer.check(action);
    const enforced = options.hookMode === 'enforce';
    options.onHook?.(adapter.name, verdict, enforced);
    const body = adapter.answer(enforced ? verdict : 'no-opinion', payload);
    return reply.code(200).send(body ?? '');
  });
};
