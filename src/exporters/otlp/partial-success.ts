import { TYPES } from '../../otlp/index.js';
import type { SendResult, TelemetrySignal } from '../component.js';

/** What the downstream refused inside a successful export (OTLP "Partial Success"): counted, never retried. */
export function partialSuccess(signal: TelemetrySignal, body: Uint8Array): SendResult<never> {
  if (body.length === 0) return { outcome: 'sent' };
  try {
    const type = signal === 'traces' ? TYPES.traceResponse : TYPES.logsResponse;
    const response = type.decode(body) as { partialSuccess?: { rejectedSpans?: unknown; rejectedLogRecords?: unknown } | null };
    const rejected = Number(response.partialSuccess?.rejectedSpans ?? response.partialSuccess?.rejectedLogRecords ?? 0);
    return rejected > 0 ? { outcome: 'sent', rejected, reason: 'partial_success' } : { outcome: 'sent' };
  } catch {
    return { outcome: 'sent' }; // a 2xx whose body we cannot read is still a success
  }
}
