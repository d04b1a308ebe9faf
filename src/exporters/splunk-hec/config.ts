import { Type, type Static } from '@sinclair/typebox';
import { Duration } from '../../config/index.js';
import { DeliverySchema } from '../helper/index.js';
import { endpointOptions } from '../http/index.js';
import { MappingOption } from '../records/index.js';


/** `exporters: splunk_hec/<name>:` options, each with its default. */
export const SplunkHecSchema = Type.Object(
  {
    ...endpointOptions('http://127.0.0.1:8088'),
    token: Type.String({ default: '', description: 'HEC token, sent as `Authorization: Splunk <token>`' }),
    index: Type.String({ default: '', description: 'target index (empty: the token default)' }),
    source: Type.String({ default: 'vigil' }),
    sourcetype: Type.String({ default: '_json' }),
    mapping: MappingOption,
    ack: Type.Object(
      {
        enabled: Type.Boolean({ default: false, description: 'wait for indexer acknowledgement before counting a batch sent' }),
        channel: Type.String({ default: '', description: 'X-Splunk-Request-Channel (a GUID; empty: one per exporter start)' }),
        poll_interval: Duration('1s', 'how often /services/collector/ack is asked'),
        timeout: Duration('8s', 'a batch not acknowledged by then is sent again (keep it under the delivery timeout)'),
      },
      { additionalProperties: false, default: {} },
    ),
    ...DeliverySchema,
  },
  { additionalProperties: false, default: {} },
);

/** The options as loaded. */
export type SplunkHecConfig = Static<typeof SplunkHecSchema>;
