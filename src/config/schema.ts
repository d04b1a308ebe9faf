import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';

// Every object rejects keys it does not know, so a typo stops startup with the key's path.
const Section = <T extends TProperties>(properties: T, description: string): TObject<T> =>
  Type.Object(properties, { additionalProperties: false, default: {}, description });

const Duration = (fallback: string, description: string) =>
  Type.String({ pattern: '^[0-9]+(ms|s|m|h|d)$', default: fallback, description });

const Listener = (port: number, description: string) =>
  Section(
    {
      enabled: Type.Boolean({ default: true }),
      host: Type.String({ default: '127.0.0.1', minLength: 1 }),
      port: Type.Integer({ minimum: 0, maximum: 65535, default: port }),
      tls: Section(
        {
          enabled: Type.Boolean({ default: false }),
          cert_path: Type.String({ default: '' }),
          key_path: Type.String({ default: '' }),
          client_ca_path: Type.String({ default: '' }),
        },
        'TLS: certificate and key (PEM, reloaded on change); client_ca_path requires client certificates (mTLS)',
      ),
    },
    description,
  );

/** The whole configuration, defined once: the type, the defaults and the validation all come from it. */
export const ConfigSchema = Section(
  {
    receivers: Section(
      {
        otlp: Section(
          {
            http: Listener(4318, 'OTLP/HTTP listener (protobuf and JSON)'),
            grpc: Listener(4317, 'OTLP/gRPC listener'),
            auth: Section(
              {
                header: Type.String({ minLength: 1, default: 'authorization' }),
                tenants: Type.Array(
                  Type.Object(
                    { id: Type.String({ minLength: 1 }), key_sha256: Type.String({ pattern: '^[0-9a-fA-F]{64}$' }) },
                    { additionalProperties: false },
                  ),
                  { default: [] },
                ),
              },
              'API keys per tenant (HTTP and gRPC); none configured: ingest is open',
            ),
            limits: Section(
              {
                max_body_bytes: Type.Integer({ minimum: 1024, default: 4 * 1024 * 1024 }),
                max_decompressed_bytes: Type.Integer({ minimum: 1024, default: 16 * 1024 * 1024 }),
                max_in_flight: Type.Integer({ minimum: 1, default: 64 }),
                retry_after_seconds: Type.Integer({ minimum: 1, default: 1 }),
                header_timeout: Duration('10s', 'the request head must arrive within this (slowloris)'),
                request_timeout: Duration('30s', 'the whole request, body included, must arrive within this'),
                idle_timeout: Duration('30s', 'an idle keep-alive connection is closed after this'),
                max_connections: Type.Integer({ minimum: 1, default: 1024 }),
              },
              'limits shared by both transports',
            ),
          },
          'OTLP receiver',
        ),
      },
      'where telemetry comes in',
    ),
    admin: Listener(8686, 'operations listener: /healthz, /readyz, /metrics, /admin/*'),
    rules: Section(
      {
        paths: Type.Array(Type.String({ minLength: 1 }), { default: ['rules.d'] }),
        watch: Type.Boolean({ default: true }),
        lateness: Duration('30s', 'how far out of order events may arrive and still enter windows and sequences'),
        max_events_per_detection: Type.Integer({ minimum: 1, default: 100 }),
        state: Section(
          {
            backend: Type.Union([Type.Literal('memory')], { default: 'memory' }),
            max_groups: Type.Integer({ minimum: 1, default: 100000 }),
            max_partial_sequences: Type.Integer({ minimum: 1, default: 100000 }),
          },
          'where thresholds and sequences keep their state',
        ),
      },
      'detection rules',
    ),
    annotate: Section(
      {
        redact_secrets: Type.Boolean({ default: true }),
      },
      'risk annotations added to every span and log record',
    ),
    alerts: Section(
      {
        file: Section(
          {
            enabled: Type.Boolean({ default: true }),
            path: Type.String({ minLength: 1, default: 'var/detections.jsonl' }),
          },
          'detections as JSON lines',
        ),
        stdout: Type.Boolean({ default: false }),
      },
      'where detections go',
    ),
    audit: Section(
      {
        enabled: Type.Boolean({ default: true }),
        dir: Type.String({ minLength: 1, default: 'var/audit' }),
        key_path: Type.String({ minLength: 1, default: 'var/audit-signing.key' }),
        public_key_path: Type.String({ minLength: 1, default: 'var/audit-signing.pub' }),
        segment_max_records: Type.Integer({ minimum: 1, default: 10000 }),
        segment_max_bytes: Type.Integer({ minimum: 1024, default: 16 * 1024 * 1024 }),
        retention: Section(
          {
            max_age: Duration('90d', 'sealed segments older than this are pruned (0d keeps all)'),
            max_bytes: Type.Integer({ minimum: 0, default: 1024 * 1024 * 1024 }),
          },
          'how much of the trail is kept; the newest sealed segment always stays',
        ),
      },
      'tamper-evident audit trail: detections, reloads, configuration, start and stop',
    ),
    logging: Section(
      {
        level: Type.Union(
          ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
          { default: 'info' },
        ),
      },
      "Vigil's own logs",
    ),
  },
  'Vigil configuration',
);

/** The validated, defaulted configuration. */
export type VigilConfig = Static<typeof ConfigSchema>;
