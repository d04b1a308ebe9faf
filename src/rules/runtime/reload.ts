import { watch, type FSWatcher } from 'node:fs';
import type { CompiledRule } from '../compiled.js';
import { formatDiagnostic, hasErrors } from '../compiler/diagnostics.js';
import { loadRuleSet, readRuleFiles, ruleSetBytes } from '../compiler/load.js';
import { compileOffThread, type OffThreadCheck } from './compile-off-thread.js';

/** The outcome of the last (re)load, as /admin/rules and /metrics show it. */
export interface ReloadStatus {
  readonly ok: boolean;
  /** ISO time of the attempt. */
  readonly at: string;
  readonly files: readonly string[];
  /** Rules in force after the attempt. */
  readonly rules: number;
  /** Every diagnostic, formatted `file:line:col: error …` with its code frame. */
  readonly diagnostics: readonly string[];
}

/** What a reloader does with a rule set that compiled. */
export type ApplyRules = (rules: readonly CompiledRule[]) => void;

/** Bounds of a reload: `rules.max_bytes`, and how long the worker may take. */
export interface ReloadLimits {
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 60_000;

// Editors write a file in several steps; wait for the burst to end before recompiling.
const DEBOUNCE_MS = 200;

/**
 * Recompiles the rule paths on demand, on file change and on SIGHUP (wired by the gateway); swaps
 * the engine's rules only when the whole set compiles, so a broken file never unloads working
 * rules.
 */
export class RuleReloader {
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inForce: readonly CompiledRule[] = [];
  private last: ReloadStatus | undefined;

  constructor(
    private readonly paths: readonly string[],
    private readonly apply: ApplyRules,
    private readonly onReload: (status: ReloadStatus) => void,
    private readonly limits: ReloadLimits = { maxBytes: DEFAULT_MAX_BYTES, timeoutMs: DEFAULT_TIMEOUT_MS },
  ) {}

  /**
   * Compiles the rule set on a worker thread first (except the first load, before anything is
   * served), so a set too large, too slow or that the engine could not run is refused without
   * costing the event loop; a set that compiles there is
   * compiled again here (closures cannot cross threads), bounded by rules.max_bytes, and applied.
   */
  async reload(): Promise<ReloadStatus> {
    // The first load happens before anything is served: there is no event loop to protect yet.
    const check = this.last === undefined ? { ok: true, files: [], diagnostics: [] } : await this.checkOffThread();
    let files = check.files;
    let diagnostics = check.diagnostics;
    let ok = check.ok;
    if (ok) {
      const result = await loadRuleSet(this.paths, this.limits.maxBytes);
      ok = !hasErrors(result.diagnostics);
      files = result.files;
      diagnostics = result.diagnostics.map(formatDiagnostic);
      if (ok) {
        this.inForce = result.rules;
        this.apply(result.rules);
      }
    }
    this.last = { ok, at: new Date().toISOString(), files, rules: this.inForce.length, diagnostics };
    this.onReload(this.last);
    return this.last;
  }

  /** A set over the size bound is refused without a worker (sizes only); any other is compiled on one. */
  private async checkOffThread(): Promise<OffThreadCheck> {
    if ((await ruleSetBytes(this.paths)) <= this.limits.maxBytes) return compileOffThread(this.paths, this.limits.maxBytes, this.limits.timeoutMs);
    const { diagnostics } = await readRuleFiles(this.paths, this.limits.maxBytes); // stops at the file that crosses the bound
    return { ok: false, files: [], diagnostics: diagnostics.map(formatDiagnostic) };
  }

  /** The rules in force and the last outcome. */
  status(): { readonly last: ReloadStatus | undefined; readonly rules: readonly CompiledRule[] } {
    return { last: this.last, rules: this.inForce };
  }

  /** Recompiles when a file under the paths changes. */
  watch(onError: (error: Error) => void): void {
    for (const path of this.paths) {
      try {
        const watcher = watch(path, { recursive: true }, () => this.schedule(onError));
        watcher.on('error', onError);
        this.watchers.push(watcher);
      } catch (error) {
        onError(error as Error);
      }
    }
  }

  private schedule(onError: (error: Error) => void): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.reload().catch(onError), DEBOUNCE_MS);
  }

  /** Stops watching. */
  close(): void {
    clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
  }
}
