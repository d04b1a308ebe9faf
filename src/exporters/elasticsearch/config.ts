import { Type, type Static } from '@sinclair/typebox';
import { DeliverySchema } from '../helper/index.js';
import { endpointOptions } from '../http/index.js';
import { MappingOption } from '../records/index.js';

/** `exporters: elasticsearch/<name>:` options (Elasticsearch and OpenSearch), each with its default. */
export const ElasticsearchSchema = Type.Object(
  {
    ...endpointOptions('http://127.0.0.1:9200'),
    traces_index: Type.String({ minLength: 1, default: 'logs-vigil.spans-default', description: 'data stream (or index) spans go to' }),
    logs_index: Type.String({ minLength: 1, default: 'logs-vigil.logs-default', description: 'data stream (or index) log records go to' }),
    api_key: Type.String({ default: '', description: 'sent as `Authorization: ApiKey <api_key>` (the encoded id:key)' }),
    username: Type.String({ default: '', description: 'basic auth user (with password), when no api_key' }),
    password: Type.String({ default: '' }),
    pipeline: Type.String({ default: '', description: 'ingest pipeline to run (empty: the data stream default)' }),
    mapping: MappingOption,
    ...DeliverySchema,
  },
  { additionalProperties: false, default: {} },
);

/** The options as loaded. */
export type ElasticsearchConfig = Static<typeof ElasticsearchSchema>;

/** The Authorization header of the configured credentials, if any. */
export function authorization(config: ElasticsearchConfig): Record<string, string> {
  if (config.api_key !== '') return { authorization: `ApiKey ${config.api_key}` };
  if (config.username !== '') return { authorization: `Basic ${Buffer.from(`${config.username}:${config.password}`).toString('base64')}` };
  return {};
}
