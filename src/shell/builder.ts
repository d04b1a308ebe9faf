import { exeName, splitOptions } from './flags.js';
import { spawnsIn } from './interpreters.js';
import type { PipeEdge, Redirect, ShellCommand } from './model.js';
import { INTERPRETERS, SHELLS, WRAPPERS, wrappedStart } from './wrappers.js';

/** How deep scripts inside scripts are followed (`bash -c "sh -c 'eval …'"`). */
export const MAX_NESTING = 8;
// Bounds what one line can make: a 16 KB line of `a;a;a;…` gives at most this many commands.
const MAX_COMMANDS = 2048;

/** Where a script being read came from: its `via` chain, nesting depth and the command running it. */
export interface ScriptContext {
  readonly via: readonly string[];
  readonly depth: number;
  /** Index of the shell (or `eval`) running the script: a command whose name is `$(…)` feeds it. */
  readonly runner: number;
}

/** Reads a script into the builder (the tree walker, or the plain-text fallback). */
export type ScriptReader = (builder: LineBuilder, text: string, context: ScriptContext) => void;

const SHELL_SCRIPT_OPTION = /^-[A-Za-z]*c[A-Za-z]*$/;
const BACKTICK_LANGUAGES = new Set(['perl', 'ruby', 'php']);

/** Collects the commands and pipes of one line, following wrappers, shells and interpreters. */
export class LineBuilder {
  readonly commands: ShellCommand[] = [];
  readonly pipes: PipeEdge[] = [];
  /** Set when nesting or size limits stopped the reading. */
  truncated = false;
  /** Set when some script of the line could not be parsed and was split as text. */
  fellBack = false;

  constructor(private readonly read: ScriptReader) {}

  /** Reads a nested script unless the nesting limit is reached. */
  script(text: string, context: ScriptContext): void {
    if (context.depth > MAX_NESTING) {
      this.truncated = true;
      return;
    }
    this.read(this, text, context);
  }

  /** A pipe from one command to another (indices; -1 for none is ignored). */
  pipe(source: number, sink: number, kind: PipeEdge['kind'] = '|'): void {
    if (source < 0 || sink < 0 || source === sink) return;
    const [from, to] = [this.commands[source], this.commands[sink]];
    this.pipes.push({ source: from.exe, sink: to.exe, kind, source_args: from.args, sink_args: to.args, source_index: source, sink_index: sink });
  }

  /**
   * Adds one simple command and whatever it runs; returns the index of the innermost command it
   * runs (what a pipe reaches: `sudo -u x sh` reads the pipe as `sh`), or -1 for none.
   */
  add(words: readonly string[], env: readonly string[], redirects: readonly Redirect[], text: string, context: ScriptContext): number {
    if (words.length === 0) return -1;
    if (this.commands.length >= MAX_COMMANDS) {
      this.truncated = true;
      return -1;
    }
    const path = words[0];
    const exe = exeName(path);
    const args = words.slice(1);
    const { flags, operands } = splitOptions(args);
    const index = this.commands.push(Object.freeze({ exe, path, args, flags, operands, redirects, env, via: context.via, text })) - 1;
    const inner: ScriptContext = { via: [...context.via, exe], depth: context.depth, runner: index };
    const wrapper = WRAPPERS.get(exe);
    if (wrapper !== undefined) {
      const innerEnv = [...env];
      const start = wrappedStart(wrapper, args, innerEnv);
      return start < 0 ? index : this.add(args.slice(start), innerEnv, redirects, text, inner);
    }
    const nested = { ...inner, depth: context.depth + 1 };
    if (exe === 'eval') {
      this.script(args.join(' '), { ...nested, via: [...context.via, 'eval'] });
      return index;
    }
    const script = this.scriptArgument(exe, args);
    if (script !== undefined) {
      this.script(script, { ...nested, via: [...context.via, `${exe} -c`] });
      return index;
    }
    if (exe === 'busybox' && args.length > 0) return this.add(args, env, redirects, text, inner);
    if (exe === 'find') this.findExec(args, text, inner);
    const code = this.codeArgument(exe, args);
    if (code !== undefined) {
      const via = [...context.via, `${exe} ${code.option}`];
      for (const spawn of spawnsIn(code.code, BACKTICK_LANGUAGES.has(exe))) {
        if ('script' in spawn) this.script(spawn.script, { ...nested, via });
        else if (nested.depth <= MAX_NESTING) this.add(spawn.argv, [], [], spawn.argv.join(' '), { ...nested, via });
      }
    }
    return index;
  }

  // `find … -exec CMD ARGS ;` (and -execdir, -ok, -okdir) runs CMD once per file found.
  private findExec(args: readonly string[], text: string, context: ScriptContext): void {
    for (let i = 0; i < args.length; i++) {
      if (!/^-(?:exec|execdir|ok|okdir)$/.test(args[i])) continue;
      let end = i + 1;
      while (end < args.length && args[end] !== ';' && args[end] !== '+') end++;
      this.add(args.slice(i + 1, end), [], [], text, context);
      i = end;
    }
  }

  // The script a shell is given: `sh -c X`, `bash -lc X`, `su -c X`, `cmd /c X`, `pwsh -Command X`.
  private scriptArgument(exe: string, args: readonly string[]): string | undefined {
    const shell = SHELLS.has(exe) || exe === 'su';
    for (let i = 0; i < args.length - 1; i++) {
      const arg = args[i];
      if (shell && SHELL_SCRIPT_OPTION.test(arg)) return args[i + 1];
      if (exe === 'cmd' && /^\/[ck]$/i.test(arg)) return args.slice(i + 1).join(' ');
      if ((exe === 'powershell' || exe === 'pwsh') && /^-(?:c|command|encodedcommand|e|ec)$/i.test(arg)) {
        const value = args.slice(i + 1).join(' ');
        return /^-e/i.test(arg) ? Buffer.from(value, 'base64').toString('utf16le') : value;
      }
    }
    return undefined;
  }

  private codeArgument(exe: string, args: readonly string[]): { code: string; option: string } | undefined {
    const family = exe.replace(/[\d.]+$/, '');
    const options = INTERPRETERS.get(exe) ?? INTERPRETERS.get(family);
    if (options === undefined) return undefined;
    for (let i = 0; i < args.length - 1; i++) if (options.includes(args[i])) return { code: args[i + 1], option: args[i] };
    return undefined;
  }
}
