/**
 * A bound on the work in flight. Receivers ask before decoding and answer 429 / RESOURCE_EXHAUSTED
 * with Retry-After when it is full, so overload turns into back-pressure the OTLP exporters honour
 * instead of an unbounded queue and multi-second latencies.
 */
export class Admission {
  private requests = 0;
  private closed = false;

  constructor(
    /** Requests allowed in flight at once. */
    readonly maxInFlight: number,
    /** Seconds a refused client is told to wait. */
    readonly retryAfterSeconds: number,
  ) {}

  /** Takes a slot; false when the gateway is full or shutting down. */
  tryEnter(): boolean {
    if (this.closed || this.requests >= this.maxInFlight) return false;
    this.requests++;
    return true;
  }

  /** Gives a slot back. */
  leave(): void {
    this.requests--;
  }

  /** Refuses every later request (shutdown). */
  close(): void {
    this.closed = true;
  }

  /** True once close() was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return this.requests;
  }
}
