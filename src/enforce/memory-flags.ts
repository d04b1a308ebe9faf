import { flagKeys, isActive, type Flag, type FlagScope, type FlagStore, type Subjects } from './flag.js';

const keyOf = (scope: FlagScope, id: string): string => `${scope}\u001f${id}`;

/** Flags in process: one gateway only. Expired flags are dropped when met. */
export class MemoryFlagStore implements FlagStore {
  private readonly flags = new Map<string, Flag>();

  async set(flag: Flag): Promise<void> {
    this.flags.set(keyOf(flag.scope, flag.id), flag);
  }

  async clear(scope: FlagScope, id: string): Promise<boolean> {
    return this.flags.delete(keyOf(scope, id));
  }

  async active(subjects: Subjects, nowMs: number): Promise<readonly Flag[]> {
    const found: Flag[] = [];
    for (const [scope, id] of flagKeys(subjects)) {
      const flag = this.live(keyOf(scope, id), nowMs);
      if (flag !== undefined) found.push(flag);
    }
    return found;
  }

  async list(nowMs: number): Promise<readonly Flag[]> {
    return [...this.flags.keys()].map((key) => this.live(key, nowMs)).filter((f): f is Flag => f !== undefined);
  }

  private live(key: string, nowMs: number): Flag | undefined {
    const flag = this.flags.get(key);
    if (flag === undefined || isActive(flag, nowMs)) return flag;
    this.flags.delete(key);
    return undefined;
  }
}
