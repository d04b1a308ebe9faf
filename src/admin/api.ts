import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { FLAG_SCOPES, GLOBAL_ID, type Flag, type FlagScope, type FlagStore, type SessionSummary } from '../enforce/index.js';
import type { Detection } from '../rules/index.js';
import { parseDuration } from '../config/index.js';
import { callerOf, type Caller, type TokenEntry } from './tokens.js';

/** The one prefix of the admin API. */
export const ADMIN_API_PREFIX = '/admin/v1';

/** What the admin API reads and changes. */
export interface AdminApiOptions {
  /** No tokens: every caller is an operator (the listener is loopback-only then). */
  readonly tokens: readonly TokenEntry[];
  readonly flags: FlagStore;
  /** How long a pause lasts when the request gives no duration. */
  readonly pauseMs: number;
  readonly sessions: (limit: number) => readonly SessionSummary[];
  /** Recent detections, oldest first, each with its session when known. */
  readonly detections: () => readonly { readonly detection: Detection; readonly session?: string }[];
  readonly rulesStatus: () => unknown;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

const SEVERITY_ORDER = ['info', 'low', 'medium', 'high', 'critical'];
const ANONYMOUS: Caller = { name: 'local', role: 'operator' };

function int(value: unknown, fallback: number, max: number): number {
  const n = typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : fallback;
}

function scopeOf(text: string): FlagScope | undefined {
  return (FLAG_SCOPES as readonly string[]).includes(text) ? (text as FlagScope) : undefined;
}

/**
 * The admin API under /admin/v1: sessions with risk and flags, detections with filters and
 * paging, flags (set and clear need the operator role), rule reload status. Every route needs a
 * bearer token whose SHA-256 is in `admin.tokens` (when any are configured).
 */
export const adminApi: FastifyPluginAsync<AdminApiOptions> = async (app, options) => {
  app.addHook('onRequest', async (request, reply) => {
    const caller = options.tokens.length === 0 ? ANONYMOUS : callerOf(options.tokens, request.headers.authorization);
    if (caller === undefined) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'a valid bearer token is required' });
    request.caller = caller;
  });
  const operator = async (request: FastifyRequest, reply: { code: (n: number) => { send: (b: unknown) => unknown } }) => {
    if (request.caller?.role !== 'operator') return reply.code(403).send({ error: 'this needs an operator token' });
  };

  app.get('/sessions', async (request) => {
    const { limit } = request.query as Record<string, string>;
    const now = Date.now();
    const flags = await options.flags.list(now);
    const summaries = options.sessions(int(limit, 20, 1000));
    const listed = new Set(summaries.map((s) => s.session));
    // A flagged session without detections on this gateway is still listed.
    const flaggedOnly = flags.filter((f) => f.scope === 'session' && !listed.has(f.id)).map((f) => ({ session: f.id, risk: 0, detections: 0, rules: [], last_rule: '', last_seen: '' }));
    return { sessions: [...summaries, ...flaggedOnly].map((s) => ({ ...s, flags: flags.filter((f) => f.scope === 'session' && f.id === s.session) })), global: flags.filter((f) => f.scope !== 'session') };
  });

  app.get('/detections', async (request) => {
    const q = request.query as Record<string, string>;
    const minSeverity = q.severity === undefined ? 0 : SEVERITY_ORDER.indexOf(q.severity);
    const since = q.since === undefined ? -Infinity : Date.parse(q.since);
    const matching = options
      .detections()
      .filter(({ detection: d, session }) => (q.rule === undefined || d.ruleId === q.rule) && SEVERITY_ORDER.indexOf(d.severity) >= minSeverity && (q.session === undefined || session === q.session) && d.timeMs >= since)
      .reverse(); // newest first
    const offset = int(q.offset, 0, Number.MAX_SAFE_INTEGER);
    const limit = int(q.limit, 100, 1000);
    const page = matching.slice(offset, offset + limit);
    return { total: matching.length, offset, limit, next_offset: offset + page.length < matching.length ? offset + page.length : null, detections: page.map(({ detection, session }) => ({ ...detection, session: session ?? null })) };
  });

  app.get('/flags', async () => ({ flags: await options.flags.list(Date.now()) }));

  app.put<{ Params: { scope: string; id: string } }>('/flags/:scope/:id', { preHandler: operator }, async (request, reply) => {
    const scope = scopeOf(request.params.scope);
    if (scope === undefined) return reply.code(400).send({ error: `scope is one of ${FLAG_SCOPES.join(', ')}` });
    const body = (request.body ?? {}) as Record<string, unknown>;
    const kind = body.kind ?? 'pause';
    if (kind !== 'pause' && kind !== 'kill') return reply.code(400).send({ error: '`kind` is pause or kill' });
    if (typeof body.reason !== 'string' || body.reason.trim() === '') return reply.code(400).send({ error: '`reason` is required' });
    const given = typeof body.duration === 'string' ? parseDuration(body.duration) : undefined;
    if (body.duration !== undefined && given === undefined) return reply.code(400).send({ error: '`duration` is like 30m or 2h' });
    // A pause always ends; a kill lasts until cleared unless a duration is given.
    const durationMs = given ?? (kind === 'pause' ? options.pauseMs : undefined);
    const now = Date.now();
    const id = scope === 'global' ? GLOBAL_ID : request.params.id;
    const flag: Flag = { scope, id, kind, reason: body.reason, actor: `admin:${request.caller?.name}`, setAtMs: now, ...(durationMs !== undefined && { expiresAtMs: now + durationMs }) };
    await options.flags.set(flag);
    return { flag };
  });

  app.delete<{ Params: { scope: string; id: string } }>('/flags/:scope/:id', { preHandler: operator }, async (request, reply) => {
    const scope = scopeOf(request.params.scope);
    if (scope === undefined) return reply.code(400).send({ error: `scope is one of ${FLAG_SCOPES.join(', ')}` });
    const cleared = await options.flags.clear(scope, scope === 'global' ? GLOBAL_ID : request.params.id);
    return { cleared };
  });

  app.get('/rules', async () => options.rulesStatus());
};
