import { randomUUID } from 'node:crypto';
import { parseDuration } from '../../config/index.js';
import type { Destination, DestinationFactory, SendResult, TelemetryBatch } from '../component.js';
import { clientFor, resultFromError, resultFromResponse, type HttpResponse } from '../http/index.js';
import { recordsOf } from '../records/index.js';
import { awaitAck } from './ack.js';
import { SplunkHecSchema, type SplunkHecConfig } from './config.js';
import { encodeHec, type HecBatch } from './encode.js';

const EVENT_PATH = '/services/collector/event';

/** A HEC error answer's `code` as a drop reason (`hec_6` is "invalid data format", …). */
function hecReason(response: HttpResponse): string | undefined {
  try {
    const code = (JSON.parse(response.body.toString()) as { code?: number }).code;
    return code === undefined ? undefined : `hec_${code}`;
  } catch {
    return undefined;
  }
}

/** The `splunk_hec` exporter: batched events, token auth, optional indexer acknowledgement. */
export const splunkHecFactory: DestinationFactory<SplunkHecConfig, TelemetryBatch, HecBatch> = {
  type: 'splunk_hec',
  schema: SplunkHecSchema,
  create(_name, config, context): Destination<TelemetryBatch, HecBatch> {
    const channel = config.ack.channel || randomUUID();
    const client = clientFor(config, context, {
      ...(config.token !== '' && { authorization: `Splunk ${config.token}` }),
      ...(config.ack.enabled && { 'x-splunk-request-channel': channel }),
    });
    const intervalMs = parseDuration(config.ack.poll_interval) ?? 1000;
    const ackTimeoutMs = parseDuration(config.ack.timeout) ?? 60_000;
    return {
      encode: (batch) => encodeHec(recordsOf(batch, config.mapping), config),
      async send(batch, signal): Promise<SendResult<HecBatch>> {
        try {
          const response = await client.request({ path: EVENT_PATH, body: batch.body, headers: { 'content-type': 'application/json' } }, signal);
          const result = resultFromResponse<HecBatch>(response, batch.items);
          if (result.outcome === 'drop') return { ...result, reason: hecReason(response) ?? result.reason };
          if (result.outcome !== 'sent' || !config.ack.enabled) return result;
          const ackId = (JSON.parse(response.body.toString()) as { ackId?: number }).ackId;
          if (ackId === undefined) return { outcome: 'retry', reason: 'hec_no_ack_id' };
          const acked = await awaitAck(client, channel, ackId, intervalMs, ackTimeoutMs, signal);
          return acked === 'acked' ? result : { outcome: 'retry', reason: `hec_ack_${acked}` };
        } catch (error) {
          return resultFromError(error);
        }
      },
      close: () => client.close(),
    };
  },
};
