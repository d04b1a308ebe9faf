import type { DeliverySettings } from './settings.js';

/**
 * The wait before attempt `attempt + 1` (0-based): initial × multiplier^attempt, capped, then
 * randomised by ±jitter so many exporters recovering at once do not retry in lockstep. A
 * downstream's Retry-After / RetryInfo replaces it (never shortened; capped at an hour).
 */
export function retryDelay(retry: DeliverySettings['retry'], attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, 3_600_000);
  const base = Math.min(retry.maxMs, retry.initialMs * retry.multiplier ** attempt);
  return Math.max(0, Math.round(base * (1 + retry.jitter * (2 * random() - 1))));
}
