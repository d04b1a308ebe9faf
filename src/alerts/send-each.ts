import type { SendResult } from '../exporters/index.js';

/** The messages of one request of an alert sink (one per alert, or one digest). */
export interface Messages<M> {
  readonly messages: readonly M[];
}

/**
 * Sends messages one after another: on the first failure, what was delivered is counted and the
 * rest comes back as `remaining`, so a retry never repeats a delivered notification.
 */
export async function sendEach<M>(request: Messages<M>, sendOne: (message: M) => Promise<SendResult<unknown>>): Promise<SendResult<Messages<M>>> {
  let rejected = 0;
  let rejectedReason: string | undefined;
  for (let i = 0; i < request.messages.length; i++) {
    const result = await sendOne(request.messages[i]);
    if (result.outcome === 'drop') {
      rejected++;
      rejectedReason ??= result.reason;
    } else if (result.outcome === 'retry') {
      return {
        outcome: 'retry',
        reason: result.reason,
        ...(result.retryAfterMs !== undefined && { retryAfterMs: result.retryAfterMs }),
        remaining: { messages: request.messages.slice(i) },
        sent: i - rejected,
        ...(rejected > 0 && { rejected, rejectedReason }),
      };
    }
  }
  if (rejected === request.messages.length && rejected > 0) return { outcome: 'drop', reason: rejectedReason!, count: rejected };
  return rejected > 0 ? { outcome: 'sent', rejected, reason: rejectedReason } : { outcome: 'sent' };
}
