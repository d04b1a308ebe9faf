import type { DetectionSink } from '../alerts/index.js';
import type { Detection } from '../rules/index.js';
import type { Flag, FlagStore } from './flag.js';
import type { SessionIndex } from './session-index.js';

/**
 * The sink that makes `pause-session` and `kill-session` real: a detection whose rule lists one
 * sets the flag of the detection's session (see SessionIndex). Writes are asynchronous; `flush`
 * waits for those issued so far.
 */
export class FlagActions implements DetectionSink {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly sessions: SessionIndex,
    private readonly flags: FlagStore,
    private readonly pauseMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  write(detections: readonly Detection[]): void {
    for (const detection of detections) {
      const kill = detection.actions.includes('kill-session');
      if (!kill && !detection.actions.includes('pause-session')) continue;
      const session = this.sessions.sessionOf(detection);
      if (session === undefined) continue;
      const now = Date.now();
      const flag: Flag = { scope: 'session', id: session, kind: kill ? 'kill' : 'pause', reason: detection.message, actor: `rule:${detection.ruleId}`, setAtMs: now, ...(kill ? {} : { expiresAtMs: now + this.pauseMs }) };
      const write = this.flags.set(flag).catch(this.onError);
      this.pending.add(write);
      void write.finally(() => this.pending.delete(write));
    }
  }

  /** Resolves once every flag write issued so far has finished. */
  async flush(): Promise<void> {
    if (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
