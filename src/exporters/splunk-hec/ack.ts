import type { HttpClient } from '../http/index.js';

/** What polling decided: acknowledged, not within the timeout, or the poll itself failed. */
export type AckOutcome = 'acked' | 'timeout' | 'failed';

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });

/**
 * Waits for HEC's indexer acknowledgement of one ack id: POST /services/collector/ack with
 * `{"acks":[id]}` on the request's channel until the answer says true, the timeout passes or the
 * send is aborted. Only an acknowledged batch is durable in Splunk (HEC docs, "About HTTP Event
 * Collector Indexer Acknowledgment").
 */
export async function awaitAck(client: HttpClient, channel: string, ackId: number, intervalMs: number, timeoutMs: number, signal: AbortSignal): Promise<AckOutcome> {
  const deadline = Date.now() + timeoutMs;
  while (!signal.aborted && Date.now() < deadline) {
    await sleep(intervalMs, signal);
    try {
      const response = await client.request({ path: '/services/collector/ack', body: JSON.stringify({ acks: [ackId] }), headers: { 'x-splunk-request-channel': channel, 'content-type': 'application/json' } }, signal);
      if (response.status !== 200) return 'failed';
      const acks = (JSON.parse(response.body.toString()) as { acks?: Record<string, boolean> }).acks;
      if (acks?.[String(ackId)] === true) return 'acked';
    } catch {
      return 'failed';
    }
  }
  return 'timeout';
}
