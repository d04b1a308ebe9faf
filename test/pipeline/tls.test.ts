import t from 'tap';
import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromObject } from '../../src/config/index.js';
import { Gateway } from '../../src/pipeline/index.js';
import { makeCerts, type TestCerts } from '../helpers/certs.js';
import { inside } from '../helpers/paths.js';

type Tap = Parameters<Parameters<typeof t.test>[0]>[0];

async function startGateway(t: Tap, certs: TestCerts, mtls: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-tls-'));
  writeFileSync(join(dir, 'main.rules'), 'rule r.x {\n  title: "x"\n  severity: low\n  score: 1\n  when: command contains "x"\n}\n');
  const tls = { enabled: true, cert_path: certs.serverCert, key_path: certs.serverKey, client_ca_path: mtls ? certs.ca : '' };
  const config = configFromObject({
    receivers: { otlp: { http: { port: 0, tls }, grpc: { port: 0, tls } } },
    admin: { port: 0, tls },
    rules: { paths: [dir], watch: false },
    alerts: { file: { enabled: false } },
    audit: { enabled: false },
    logging: { level: 'silent' },
  });
  const gateway = await Gateway.start(config, { resolvePath: inside(dir), processMetrics: false });
  t.teardown(() => gateway.stop());
  return gateway;
}

/** One HTTPS request; resolves with the status and the server certificate's serial, or the error code. */
function request(url: string, certs: TestCerts, client: boolean, body?: string): Promise<{ status?: number; serial?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = https.request(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ca: readFileSync(certs.ca),
      agent: false,
      ...(client && { cert: readFileSync(certs.clientCert), key: readFileSync(certs.clientKey) }),
    });
    req.on('response', (res) => {
      const serial = (res.socket as TLSSocket).getPeerCertificate().serialNumber;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, serial }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end(body);
  });
}

function grpcExport(target: string, certs: TestCerts, client: boolean): Promise<grpc.ServiceError | null> {
  const credentials = grpc.credentials.createSsl(readFileSync(certs.ca), client ? readFileSync(certs.clientKey) : null, client ? readFileSync(certs.clientCert) : null);
  const c = new grpc.Client(target, credentials);
  const raw = (b: Buffer): Buffer => b;
  return new Promise((resolve) =>
    c.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', raw, raw, Buffer.alloc(0), { deadline: Date.now() + 10_000 }, (error) => {
      c.close();
      resolve(error);
    }),
  );
}

t.test('TLS on ingest HTTP, gRPC and admin with certificates the test makes; a renewed certificate is reloaded', async (t) => {
  const certs = makeCerts();
  const gateway = await startGateway(t, certs, false);
  t.match(gateway.addresses.http, /^https:\/\//);
  const first = await request(`${gateway.addresses.http}/v1/logs`, certs, false, '{}');
  t.equal(first.status, 200, 'OTLP/HTTP over TLS');
  t.equal((await request(`${gateway.addresses.admin}/healthz`, certs, false)).status, 200, 'admin over TLS');
  t.equal(await grpcExport(gateway.addresses.grpc!, certs, false), null, 'OTLP/gRPC over TLS');
  certs.renewServer();
  let renewed = first.serial;
  for (let i = 0; i < 100 && renewed === first.serial; i++) {
    await new Promise((r) => setTimeout(r, 100));
    renewed = (await request(`${gateway.addresses.http}/v1/logs`, certs, false, '{}')).serial;
  }
  t.not(renewed, first.serial, 'new connections get the renewed certificate');
});

t.test('mTLS: a client without a certificate the CA signed is refused on every listener', async (t) => {
  const certs = makeCerts();
  const gateway = await startGateway(t, certs, true);
  t.ok((await request(`${gateway.addresses.http}/v1/logs`, certs, false, '{}')).error, 'HTTP without a client certificate fails the handshake');
  t.equal((await request(`${gateway.addresses.http}/v1/logs`, certs, true, '{}')).status, 200);
  t.ok((await request(`${gateway.addresses.admin}/healthz`, certs, false)).error, 'admin too');
  t.equal((await request(`${gateway.addresses.admin}/healthz`, certs, true)).status, 200);
  t.equal((await grpcExport(gateway.addresses.grpc!, certs, false))?.code, grpc.status.UNAVAILABLE, 'gRPC without a client certificate');
  t.equal(await grpcExport(gateway.addresses.grpc!, certs, true), null);
});
