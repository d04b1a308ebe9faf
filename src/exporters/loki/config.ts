import { Type, type Static } from '@sinclair/typebox';
import { DeliverySchema } from '../helper/index.js';
import { endpointOptions } from '../http/index.js';
import { MappingOption } from '../records/index.js';

/** The facts a label can carry; all low-cardinality by construction (ids never are labels). */
export const LABEL_SOURCES = ['service', 'agent', 'severity', 'rule', 'signal'] as const;

/** One label source. */
export type LabelSource = (typeof LABEL_SOURCES)[number];

/** `exporters: loki/<name>:` options, each with its default. */
export const LokiSchema = Type.Object(
  {
    ...endpointOptions('http://127.0.0.1:3100'),
    encoding: Type.Union([Type.Literal('protobuf'), Type.Literal('json')], { default: 'protobuf', description: 'protobuf + snappy, or JSON' }),
    tenant_id: Type.String({ default: '', description: 'X-Scope-OrgID of a multi-tenant Loki (empty: none)' }),
    labels: Type.Array(Type.Union(LABEL_SOURCES.map((s) => Type.Literal(s))), {
      default: ['service', 'agent', 'severity', 'rule'],
      uniqueItems: true,
      description: 'stream labels: service_name, agent, severity (risk level), rule (matched rule ids), signal',
    }),
    static_labels: Type.Record(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' }), Type.String(), {
      default: {},
      additionalProperties: false,
      description: 'labels added to every stream (e.g. job: vigil)',
    }),
    structured_metadata: Type.Boolean({ default: true, description: 'trace_id, span_id, session_id and event_id as structured metadata (Loki 3)' }),
    mapping: MappingOption,
    ...DeliverySchema,
  },
  { additionalProperties: false, default: {} },
);

/** The options as loaded. */
export type LokiConfig = Static<typeof LokiSchema>;
