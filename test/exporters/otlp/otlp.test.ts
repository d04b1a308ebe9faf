import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import { otlpFactory } from '../../../src/exporters/otlp/index.js';
import { logsRequest, spanIds, spansRequest, startExporter, until } from '../../helpers/exporter-harness.js';
import { metricValue } from '../../helpers/otlp-receivers.js';
import { OtlpDownstream } from '../../helpers/otlp-downstream.js';

t.test('OTLP/HTTP: gzip protobuf with headers; 503 + Retry-After, 429, reset and slow are retried, nothing lost', async (t) => {
  const downstream = new OtlpDownstream();
  await downstream.startHttp();
  t.teardown(() => downstream.close());
  downstream.next([{ kind: 'status', status: 503, retryAfterSeconds: 1 }, { kind: 'status', status: 429 }, { kind: 'reset' }, { kind: 'slow', ms: 600 }]);
  const exporter = await startExporter(otlpFactory, { endpoint: downstream.httpUrl, headers: { authorization: 'Bearer t0k' }, timeout: '300ms' });
  const ids = spanIds(5);
  const started = Date.now();
  await exporter.helper.offer(spansRequest(ids), ids.length);
  await until(async () => (await metricValue(exporter.metrics, 'vigil_exporter_sent_items_total', {})) === 5);
  await exporter.stop();
  t.same([...new Set(downstream.ids('traces'))].sort(), ids, 'every span arrived (at least once: the slow answer came after the deadline)');
  t.ok(Date.now() - started >= 1000, 'the 503 Retry-After of 1 s was honoured');
  t.equal(downstream.headers[0]['content-encoding'], 'gzip');
  t.equal(downstream.headers[0]['content-type'], 'application/x-protobuf');
  t.equal(downstream.headers[0].authorization, 'Bearer t0k');
  t.equal(await metricValue(exporter.metrics, 'vigil_exporter_failed_requests_total', { reason: 'http_503' }), 1);
  t.equal(await metricValue(exporter.metrics, 'vigil_exporter_failed_requests_total', { reason: 'http_429' }), 1);
  t.equal(await metricValue(exporter.metrics, 'vigil_exporter_failed_requests_total', { reason: 'timeout' }), 1);
  t.equal(await metricValue(exporter.metrics, 'vigil_exporter_sent_items_total', { exporter: 'test/x' }), 5);
});

t.test('OTLP/HTTP: partial success is counted as rejected; a 400 is dropped and counted, never retried', async (t) => {
  const downstream = new OtlpDownstream();
  await downstream.startHttp();
  t.teardown(() => downstream.close());
  downstream.next([{ kind: 'partial', rejected: 2 }, { kind: 'status', status: 400 }]);
  const exporter = await startExporter(otlpFactory, { endpoint: downstream.httpUrl, compression: 'none' });
  await exporter.helper.offer(spansRequest(spanIds(3, 'b')), 3);
  await until(() => downstream.requests === 1);
  await exporter.helper.offer(spansRequest(spanIds(4, 'c')), 4);
  await until(async () => (await metricValue(exporter.metrics, 'vigil_exporter_dropped_items_total', { reason: 'http_400' })) === 4);
  await exporter.stop();
  t.equal(downstream.headers[0]['content-encoding'], undefined, 'compression: none');
  t.equal(await metricValue(exporter.metrics, 'vigil_exporter_dropped_items_total', { reason: 'partial_success' }), 2);
  t.equal(await metricValue(exporter.metrics, 'vigil_exporter_dropped_items_total', { reason: 'http_400' }), 4);
  t.equal(await metricValue(exporter.metrics, 'vigil_exporter_sent_items_total', {}), 1, '3 sent, 2 of them rejected');
});

t.test('OTLP/HTTP: logs go to /v1/logs with the base path kept', async (t) => {
  const downstream = new OtlpDownstream();
  await downstream.startHttp();
  t.teardown(() => downstream.close());
  const exporter = await startExporter(otlpFactory, { endpoint: downstream.httpUrl }, 'logs');
  await exporter.helper.offer(logsRequest(['x1', 'x2']), 2);
  await until(() => downstream.ids('logs').length === 2);
  await exporter.stop();
  t.same(downstream.ids('logs'), ['x1', 'x2']);
});

t.test('OTLP/gRPC: UNAVAILABLE with RetryInfo is retried, metadata carries the headers, partial success counted', async (t) => {
  const downstream = new OtlpDownstream();
  await downstream.startGrpc();
  t.teardown(() => downstream.close());
  downstream.next([{ kind: 'status', status: grpc.status.UNAVAILABLE, retryAfterSeconds: 1 }, { kind: 'status', status: grpc.status.RESOURCE_EXHAUSTED }, { kind: 'partial', rejected: 1 }]);
  const exporter = await startExporter(otlpFactory, { endpoint: `http://${downstream.grpcTarget}`, protocol: 'grpc', headers: { 'X-Tenant': 'blue' } });
  const started = Date.now();
  await exporter.helper.offer(spansRequest(spanIds(3, 'd')), 3);
  await until(() => downstream.requests >= 2);
  await exporter.helper.offer(spansRequest(spanIds(2, 'e')), 2);
  await until(async () => (await metricValue(exporter.metrics, 'vigil_exporter_dropped_items_total', { reason: 'partial_success' })) === 1);
  await exporter.stop();
  t.ok(Date.now() - started >= 1000, 'RetryInfo 1 s honoured');
  t.equal(downstream.requests, 3, 'RESOURCE_EXHAUSTED without RetryInfo is not retried');
  t.equal(await metricValue(exporter.metrics, 'vigil_exporter_dropped_items_total', { reason: 'grpc_resource_exhausted' }), 3);
  t.equal(await metricValue(exporter.metrics, 'vigil_exporter_dropped_items_total', { reason: 'partial_success' }), 1);
  t.same(downstream.ids('traces'), spanIds(2, 'e').slice(1));
  t.equal(downstream.headers[0]['x-tenant'], 'blue');
});
