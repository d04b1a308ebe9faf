import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { elasticsearchFactory } from '../../src/exporters/elasticsearch/index.js';
import { DeliveryHelper, deliverySettings, openQueue, telemetryBatch, type DeliveryConfig, type ExporterFactory } from '../../src/exporters/index.js';
import { lokiFactory } from '../../src/exporters/loki/index.js';
import { recordsOf } from '../../src/exporters/records/index.js';
import { splunkHecFactory } from '../../src/exporters/splunk-hec/index.js';
import { Metrics } from '../../src/telemetry/metrics.js';
import { counter, FAST_DELIVERY, until } from '../helpers/alert-sinks.js';
import { batchOf, FLAGGED_SPAN, type AnnotatedCase } from '../helpers/batches.js';
import { BulkStore } from '../helpers/bulk-receiver.js';
import { configOf } from '../helpers/component-config.js';
import { HecStore, splitHecEvents } from '../helpers/hec-receiver.js';
import { HttpReceiver, TEST_CONTEXT, type ReceivedRequest, type Reply } from '../helpers/http-receiver.js';
import { decodePush } from '../helpers/loki-receiver.js';

/** One exporter of the suite: its factory, a downstream that answers like the real one, and the event ids a request carried. */
interface Case {
  readonly factory: ExporterFactory;
  readonly options?: Record<string, unknown>;
  readonly respond: () => (request: ReceivedRequest) => Reply;
  readonly ids: (request: ReceivedRequest) => string[];
}

const CASES: Record<string, Case> = {
  loki: { factory: lokiFactory as ExporterFactory, respond: () => () => ({ status: 204 }), ids: (r) => decodePush(r).map((e) => e.metadata.event_id) },
  elasticsearch: {
    factory: elasticsearchFactory as ExporterFactory,
    respond: () => new BulkStore().respond,
    ids: (r) => r.body.toString().split('\n').filter((l) => l.startsWith('{"create"')).map((l) => (JSON.parse(l) as { create: { _id: string } }).create._id),
  },
  splunk_hec: {
    factory: splunkHecFactory as ExporterFactory,
    options: { token: 'tok' },
    respond: () => new HecStore('tok').respond,
    ids: (r) => splitHecEvents(r.body.toString()).map((e) => (e.fields as { vigil_event_id: string }).vigil_event_id),
  },
};

const spans = (from: number, n: number): AnnotatedCase[] => Array.from({ length: n }, (_, i) => ({ ...FLAGGED_SPAN, sequence: from + i }));

// The same suite for every exporter of flat records: behind the real delivery helper and disk
// queue, a downstream that fails (503 with Retry-After, a reset, a 500) gets every span in the end.
for (const [type, c] of Object.entries(CASES)) {
  t.test(`${type}: behind the delivery helper, every queued span arrives through failures`, async (t) => {
    const receiver = await HttpReceiver.start(c.respond());
    receiver.plan({ status: 503, headers: { 'retry-after': '0' } }, 'reset', { status: 500 });
    const name = `${type}/suite`;
    const metrics = new Metrics({ processMetrics: false });
    const config = configOf(c.factory.schema, { endpoint: receiver.url, ...FAST_DELIVERY, queue: { mode: 'disk', directory: mkdtempSync(join(tmpdir(), 'vigil-suite-')) }, ...c.options }) as DeliveryConfig;
    const settings = deliverySettings(config);
    const { queue } = await openQueue(name, settings.queue, (p) => p, () => {});
    const helper = new DeliveryHelper(name, 'traces', c.factory.create(name, config, TEST_CONTEXT), queue, (records) => telemetryBatch('traces', records), settings, metrics, TEST_CONTEXT.logger);
    helper.start();
    t.teardown(async () => { await helper.stop(); await receiver.close(); });

    const batches = [batchOf('traces', spans(10, 5)), batchOf('traces', spans(20, 3))];
    for (const batch of batches) await helper.offer(batch.protobuf, batch.items);
    const expected = batches.flatMap((b) => recordsOf(b, 'ecs').map((r) => r.id));
    const arrived = () => new Set(receiver.accepted.flatMap(c.ids));
    await until(() => expected.every((id) => arrived().has(id)), 'every span');
    t.equal(arrived().size, 8, 'nothing but the queued spans');
    t.ok(receiver.requests.length >= 4, 'the failures were met and retried');
    const sent = () => counter(metrics, 'vigil_exporter_sent_items_total', { exporter: name });
    await until(async () => (await sent()) >= 8, 'the sent count');
    t.equal(await sent(), 8, 'counted as sent once each');
  });
}
