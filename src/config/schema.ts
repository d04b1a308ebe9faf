import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';

// Every object rejects keys it does not know, so a typo stops startup with the key's path.
const Section = <T extends TProperties>(properties: T, description: string): TObject<T> =>
  Type.Object(properties, { additionalProperties: false, default: {}, description });

/** A duration option (`500ms`, `30s`, `10m`, `1h`, `1d`), parsed once when its component is built. */
export const Duration = (fallback: string, description: string) =>
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

const Pipeline = (description: string) =>
  Section(
    {
      receivers: Type.Array(Type.Literal('otlp'), { default: ['otlp'] }),
      exporters: Type.Array(Type.String({ minLength: 1 }), { default: ['file/local'] }),
      filter: Section(
        {
          min_risk: Type.Union(['none', 'info', 'low', 'medium', 'high', 'critical'].map((l) => Type.Literal(l)), { default: 'none', description: 'forward only items whose vigil.risk.level is at least this' }),
          detections_only: Type.Boolean({ default: false, description: 'forward only items that are part of a detection' }),
          drop_no_risk: Type.Boolean({ default: false, description: 'drop items no rule matched (vigil.risk.score 0)' }),
        },
        'which annotated items this pipeline forwards',
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
    admin: Type.Composite(
      [
        Listener(8686, 'operations listener: /healthz, /readyz, /metrics, /admin/*'),
        Type.Object({
          tokens: Type.Array(
            Type.Object(
              {
                name: Type.String({ minLength: 1 }),
                sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
                role: Type.Union([Type.Literal('read-only'), Type.Literal('operator')]),
              },
              { additionalProperties: false },
            ),
            { default: [] },
          ),
        }),
      ],
      { additionalProperties: false, default: {}, description: 'operations listener and the admin API' },
    ),
    rules: Section(
      {
        paths: Type.Array(Type.String({ minLength: 1 }), { default: ['rules.d'] }),
        watch: Type.Boolean({ default: true }),
        max_bytes: Type.Integer({ minimum: 1, default: 2097152 }),
        lateness: Duration('30s', 'how far out of order events may arrive and still enter windows and sequences'),
        max_skew: Duration('5m', 'how far ahead of its arrival an event may be stamped'),
        future_events: Type.Union([Type.Literal('clamp'), Type.Literal('refuse')], { default: 'clamp' }),
        max_events_per_detection: Type.Integer({ minimum: 1, default: 100 }),
        state: Section(
          {
            backend: Type.Union([Type.Literal('memory'), Type.Literal('redis')], { default: 'memory' }),
            max_groups: Type.Integer({ minimum: 1, default: 100000 }),
            max_partial_sequences: Type.Integer({ minimum: 1, default: 100000 }),
            max_per_rule: Type.Integer({ minimum: 1, default: 20000 }),
            redis: Section(
              {
                url: Type.String({ pattern: '^rediss?://', default: 'redis://127.0.0.1:6379' }),
                mode: Type.Union([Type.Literal('standalone'), Type.Literal('sentinel'), Type.Literal('cluster')], { default: 'standalone' }),
                sentinels: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
                sentinel_name: Type.String({ default: 'mymaster' }),
                cluster_nodes: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
                key_prefix: Type.String({ default: 'vigil:' }),
                tls: Type.Boolean({ default: false }),
                username: Type.String({ default: '' }),
                password: Type.String({ default: '' }),
                command_timeout: Duration('200ms', 'a Redis call slower than this fails and the caller degrades'),
              },
              'shared state for several replicas (backend: redis)',
            ),
          },
          'where thresholds and sequences keep their state',
        ),
      },
      'detection rules',
    ),
    enforce: Section(
      {
        enabled: Type.Boolean({ default: true }),
        failure_policy: Type.Union([Type.Literal('closed'), Type.Literal('open')], { default: 'closed' }),
        timeout: Duration('250ms', 'a check not decided within this follows the failure policy'),
        pause_duration: Duration('1h', 'how long a pause set by a rule action lasts'),
        call_memory: Duration('10m', 'how long an allowed call is remembered so its span is not counted twice'),
        hooks: Section(
          {
            mode: Type.Union([Type.Literal('enforce'), Type.Literal('monitor')], { default: 'enforce' }),
          },
          'agent hook endpoints /v1/hooks/<agent>',
        ),
      },
      'pre-action checks (/v1/check, agent hooks), flags and rule actions',
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
        sinks: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]*(/[A-Za-z0-9_.-]+)?$' }), Type.Unknown(), {
          default: {},
          description: 'alert sinks named `type/name` (webhook, slack, pagerduty, email); each section is checked against its type\'s own schema',
        }),
      },
      'where detections go',
    ),
    exporters: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]*(/[A-Za-z0-9_.-]+)?$' }), Type.Unknown(), {
      default: { 'file/local': { path: 'var/telemetry.jsonl' } },
      description: 'named `type/name`; each section is checked against its type\'s own schema when the pipelines are built',
    }),
    pipelines: Section(
      {
        traces: Pipeline('spans: from which receivers, through which filter, to which exporters'),
        logs: Pipeline('log records: from which receivers, through which filter, to which exporters'),
      },
      'what is forwarded where, per signal',
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
