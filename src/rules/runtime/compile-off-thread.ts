import { Worker } from 'node:worker_threads';

/** What the worker found: whether the set compiles, its files and its diagnostics (formatted). */
export interface OffThreadCheck {
  readonly ok: boolean;
  readonly files: readonly string[];
  readonly diagnostics: readonly string[];
}

/**
 * Compiles the rule set at `paths` on a worker thread, within `timeoutMs` (a rule set that does
 * not compile in time is refused and its worker stopped), and says whether it compiles.
 */
export function compileOffThread(paths: readonly string[], maxBytes: number, timeoutMs: number): Promise<OffThreadCheck> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./compile-worker.js', import.meta.url), { workerData: { paths: [...paths], maxBytes } });
    const refuse = (why: string): void => resolve({ ok: false, files: [], diagnostics: [why] });
    const timer = setTimeout(() => {
      refuse(`error compile-timeout: the rule set did not compile within ${timeoutMs} ms; the previous rules stay in force`);
      void worker.terminate();
    }, timeoutMs);
    worker.once('message', (check: OffThreadCheck) => {
      clearTimeout(timer);
      resolve(check);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      refuse(`error io: the rule compiler failed: ${error.message}`);
    });
  });
}
