import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { DeliveryHelper, deliverySettings, openQueue, telemetryBatch, type DeliveryConfig, type ExporterFactory, type TelemetryBatch, type TelemetrySignal } from '../../src/exporters/index.js';
import { encodeLogsRequest, encodeTraceRequest } from '../../src/otlp/index.js';
import { Metrics } from '../../src/telemetry/metrics.js';

const quiet = { warn: () => {}, error: () => {}, info: () => {} };

/** One exporter built from its factory with a config section, behind the real delivery helper and a disk queue in a temp folder. */
export async function startExporter(factory: ExporterFactory, section: object, signal: TelemetrySignal = 'traces') {
  const metrics = new Metrics({ processMetrics: false });
  const defaults = { batch: { flush_interval: '0ms' }, retry: { initial_interval: '20ms', max_interval: '50ms' }, queue: { directory: mkdtempSync(join(tmpdir(), 'vigil-exp-')) } };
  const merged = { ...defaults, ...section };
  const config = Value.Default(factory.schema, Value.Clone(merged)) as Record<string, unknown>;
  const errors = [...Value.Errors(factory.schema, config)];
  if (errors.length > 0) throw new Error(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  const settings = deliverySettings(config as unknown as DeliveryConfig);
  const destination = factory.create('test/x', config, { resolvePath: (p) => p, logger: quiet });
  const { queue } = await openQueue(`test/x/${signal}`, settings.queue, (p) => p, () => {});
  const helper = new DeliveryHelper<TelemetryBatch, unknown>('test/x', signal, destination, queue, (records) => telemetryBatch(signal, records), settings, metrics, quiet);
  helper.start();
  return {
    helper,
    metrics,
    stop: async () => {
      await helper.stop();
      await destination.close();
    },
  };
}

/** A request of spans with the given ids (8-byte hex) and one attribute each, as protobuf. */
export function spansRequest(ids: readonly string[], attributes: Record<string, string> = {}): Buffer {
  return encodeTraceRequest({
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'agent' } }] },
      scopeSpans: [{
        scope: { name: 'test' },
        spans: ids.map((id) => ({
          traceId: Buffer.alloc(16, 7),
          spanId: Buffer.from(id, 'hex'),
          name: `span ${id}`,
          kind: 1,
          startTimeUnixNano: '1700000000000000000',
          endTimeUnixNano: '1700000000000000100',
          attributes: [{ key: 'gen_ai.tool.name', value: { stringValue: 'bash' } }, ...Object.entries(attributes).map(([key, v]) => ({ key, value: { stringValue: v } }))],
        })),
      }],
    }],
  });
}

/** A request of log records carrying `test.id` attributes, as protobuf. */
export function logsRequest(ids: readonly string[]): Buffer {
  return encodeLogsRequest({
    resourceLogs: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'agent' } }] },
      scopeLogs: [{ scope: { name: 'test' }, logRecords: ids.map((id) => ({ timeUnixNano: '1700000000000000000', body: { stringValue: `log ${id}` }, attributes: [{ key: 'test.id', value: { stringValue: id } }] })) }],
    }],
  });
}

/** Span ids `prefix` + counter as 16 hex digits. */
export const spanIds = (n: number, prefix = 'a'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(15 - prefix.length + 1, '0')}`.slice(0, 16));

/** Waits (bounded: 10 s) until the check holds. */
export async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check()) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}
