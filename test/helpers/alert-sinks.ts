import { Value } from '@sinclair/typebox/value';
import { AlertSinks, type AlertSinkFactory } from '../../src/alerts/alert-sinks.js';
import { Metrics } from '../../src/telemetry/metrics.js';
import { TEST_CONTEXT } from './http-receiver.js';

/** Fast retries and a memory queue, so a failing receiver recovers within a test. */
export const FAST_DELIVERY = {
  queue: { mode: 'memory' },
  retry: { initial_interval: '20ms', max_interval: '100ms', jitter: 0 },
  batch: { flush_interval: '10ms' },
  timeout: '1s',
};

/** One sink of `factory` behind the real delivery helper, with a clock the test moves. */
export async function openSink(factory: AlertSinkFactory, options: Record<string, unknown>) {
  const clock = { now: 1_700_000_000_000 };
  const config = Value.Default(factory.schema, Value.Clone({ ...FAST_DELIVERY, ...options })) as Record<string, unknown>;
  const errors = [...Value.Errors(factory.schema, config)];
  if (errors.length > 0) throw new Error(errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  const metrics = new Metrics({ processMetrics: false });
  const sinks = await AlertSinks.open([{ name: `${factory.type}/test`, factory, config }], { ...TEST_CONTEXT, metrics, now: () => clock.now, tickMs: 3_600_000 });
  return { sinks, clock, metrics };
}

/** Waits (bounded) until `done` holds. */
export async function until(done: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  for (let waited = 0; !(await done()); waited += 20) {
    if (waited >= ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A counter's value by labels, read from the registry. */
export async function counter(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return Number(value?.value ?? 0);
}
