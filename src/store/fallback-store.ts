import type { StateReply, StateRequest, StateStore, StateWrite } from './state.js';

/** Whether the shared backend is up, and what to tell when the answer changes. */
export interface FallbackOptions {
  /** The shared backend is connected (a disconnected one is not even tried). */
  readonly isUp: () => boolean;
  /** Called with true when a batch fell back to local state, false when the shared backend answered. */
  readonly onDegraded: (degraded: boolean) => void;
}

/**
 * The shared backend, with local state standing in while it is unreachable: ingest keeps
 * flowing, and windows and sequences go on per replica (detections marked `degraded`) until
 * the backend answers again. What local state gathered is not carried over.
 */
export class FallbackStore implements StateStore {
  // apply and write of one batch come in turn (the engine serialises batches), so this is the batch's store.
  private lastLocal = false;

  constructor(
    private readonly shared: StateStore,
    private readonly local: StateStore,
    private readonly options: FallbackOptions,
  ) {}

  async apply(request: StateRequest): Promise<StateReply> {
    if (this.options.isUp()) {
      try {
        const reply = await this.shared.apply(request);
        this.settle(false);
        return reply;
      } catch {
        // a timeout or a lost connection: this batch goes to local state
      }
    }
    this.settle(true);
    return { ...(await this.local.apply(request)), degraded: true };
  }

  /** Pre-action checks: a failure is not hidden, so the check follows its failure policy. */
  peek(request: StateRequest): Promise<StateReply> {
    return this.shared.peek(request);
  }

  write(writes: StateWrite): void {
    (this.lastLocal ? this.local : this.shared).write(writes);
  }

  async forget(prefixes: readonly string[]): Promise<void> {
    await Promise.all([this.shared.forget(prefixes), this.local.forget(prefixes)]);
  }

  private settle(local: boolean): void {
    this.lastLocal = local;
    this.options.onDegraded(local);
  }
}
