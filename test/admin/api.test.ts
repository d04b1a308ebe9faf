import t from 'tap';
import { configFromObject } from '../../src/config/index.js';
import { tokenHash } from '../../src/admin/index.js';
import { Gateway } from '../../src/pipeline/index.js';
import { postJson, startTestGateway } from '../helpers/enforce-gateway.js';

const RULES = `
rule t.rm { title: "rm" severity: high score: 70 actions: [alert] message: "rm in {session.id}" when: command contains "rm -rf" }
rule t.curl { title: "curl" severity: low score: 20 actions: [alert] when: command contains "curl" }
`;
const OPERATOR = 'op-secret-1';
const READER = 'read-secret-2';
const tokens = [
  { name: 'ops', sha256: tokenHash(OPERATOR), role: 'operator' },
  { name: 'dash', sha256: tokenHash(READER), role: 'read-only' },
];

async function call(admin: string, method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${admin}/admin/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

const span = (command: string, session: string) => ({ attributes: { 'process.command_line': command, 'gen_ai.conversation.id': session } });

t.test('tokens and roles', async (t) => {
  const { admin } = await startTestGateway(t, { rules: RULES, admin: { tokens } });
  t.equal((await call(admin, 'GET', '/flags')).status, 401, 'no token');
  t.equal((await call(admin, 'GET', '/flags', 'wrong')).status, 401, 'unknown token');
  t.equal((await call(admin, 'GET', '/flags', READER)).status, 200, 'read-only reads');
  const refused = await call(admin, 'PUT', '/flags/session/s-1', READER, { kind: 'pause', reason: 'x' });
  t.equal(refused.status, 403, 'read-only cannot change flags');
  const set = await call(admin, 'PUT', '/flags/session/s-1', OPERATOR, { kind: 'pause', reason: 'investigating', duration: '15m' });
  t.equal(set.status, 200);
  t.match(set.body.flag, { scope: 'session', id: 's-1', kind: 'pause', reason: 'investigating', actor: 'admin:ops' });
  t.ok(set.body.flag.expiresAtMs - set.body.flag.setAtMs === 15 * 60_000, 'duration honoured');
  const bad = await call(admin, 'PUT', '/flags/galaxy/x', OPERATOR, { reason: 'x' });
  t.equal(bad.status, 400);
  t.equal((await call(admin, 'PUT', '/flags/session/s-2', OPERATOR, { kind: 'pause' })).status, 400, 'reason required');
  t.equal((await call(admin, 'DELETE', '/flags/session/s-1', READER)).status, 403);
  t.same((await call(admin, 'DELETE', '/flags/session/s-1', OPERATOR)).body, { cleared: true });
  t.equal((await call(admin, 'GET', '/rules', READER)).body.rules.length, 2, 'reload status');
  t.equal((await fetch(`${admin}/metrics`)).status, 200, 'probes and metrics stay open');
});

t.test('the admin listener refuses a non-loopback address without tokens', async (t) => {
  const config = configFromObject({ receivers: { otlp: { http: { port: 0 }, grpc: { enabled: false } } }, admin: { host: '0.0.0.0', port: 0 }, rules: { paths: [], watch: false }, alerts: { file: { enabled: false } }, logging: { level: 'silent' } });
  await t.rejects(Gateway.start(config, { resolvePath: (p) => p, processMetrics: false }), /0\.0\.0\.0 is not a loopback address.*tokens/);
});

t.test('sessions with risk and flags; detections with filters and paging', async (t) => {
  const { ingest, admin } = await startTestGateway(t, { rules: RULES });
  // Allowed checks count nothing single-event; spans do: feed detections through checks' spans.
  for (const [command, session] of [['rm -rf build', 'hot'], ['curl a', 'hot'], ['curl b', 'warm'], ['curl c', 'hot']]) {
    await postJson(`${ingest}/v1/traces`, otlp(command, session));
  }
  await call(admin, 'PUT', '/flags/session/hot', undefined, { kind: 'kill', reason: 'stop' });
  await call(admin, 'PUT', '/flags/session/quiet', undefined, { kind: 'pause', reason: 'just in case' });
  const sessions = (await call(admin, 'GET', '/sessions')).body.sessions;
  t.match(sessions[0], { session: 'hot', risk: 70, detections: 3, flags: [{ kind: 'kill', reason: 'stop', actor: 'admin:local' }] });
  t.match(sessions[1], { session: 'warm', risk: 20, detections: 1, flags: [] });
  t.match(sessions[2], { session: 'quiet', detections: 0, flags: [{ kind: 'pause' }] }, 'flagged sessions without detections are listed');
  const all = (await call(admin, 'GET', '/detections')).body;
  t.equal(all.total, 4);
  t.equal(all.detections[0].session, 'hot', 'newest first, with its session');
  const bySession = (await call(admin, 'GET', '/detections?session=warm')).body;
  t.same(bySession.detections.map((d: { ruleId: string }) => d.ruleId), ['t.curl']);
  t.equal((await call(admin, 'GET', '/detections?severity=high')).body.total, 1);
  t.equal((await call(admin, 'GET', '/detections?rule=t.curl')).body.total, 3);
  const page1 = (await call(admin, 'GET', '/detections?limit=3')).body;
  t.equal(page1.detections.length, 3);
  t.equal(page1.next_offset, 3);
  const page2 = (await call(admin, 'GET', `/detections?limit=3&offset=${page1.next_offset}`)).body;
  t.equal(page2.detections.length, 1);
  t.equal(page2.next_offset, null);
  t.equal((await postJson(`${ingest}/v1/check`, span('ls', 'hot'))).body.decision, 'deny', 'the kill is in force');
});

let seq = 0;
/** One OTLP/JSON span export carrying a command in a session. */
function otlp(command: string, session: string) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const id = (++seq).toString(16).padStart(16, '0');
  return {
    resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 't' }, spans: [{ traceId: id.repeat(2), spanId: id, name: 'tool', kind: 1, startTimeUnixNano: String(now), endTimeUnixNano: String(now), attributes: [
      { key: 'process.command_line', value: { stringValue: command } },
      { key: 'gen_ai.conversation.id', value: { stringValue: session } },
    ] }] }] }],
  };
}
