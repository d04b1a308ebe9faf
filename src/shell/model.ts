/**
 * The structured form of a command line, as rules read it. Plain data (strings and arrays of
 * them), frozen and shared: one parse serves every rule and every event with the same text.
 */

/** One redirection of a simple command: `2>/dev/null` is `{ op: ">", fd: "2", target: "/dev/null" }`. */
export interface Redirect {
  readonly op: string;
  readonly fd: string;
  readonly target: string;
}

/** One simple command: an executable with its words. */
export interface ShellCommand {
  /** Basename of the executable, lowercased, without `.exe`: `/usr/bin/RM` is `rm`. */
  readonly exe: string;
  /** The executable as written, unquoted: `/usr/bin/rm`, `./run.sh`, `rm`. */
  readonly path: string;
  /** Every word after the executable, unquoted, in order. */
  readonly args: readonly string[];
  /** Option words split: `-rf` gives `-r` and `-f`, `--out=x` gives `--out`; none after `--`. */
  readonly flags: readonly string[];
  /** The arguments that are not options (nor option values written as `--out=x`). */
  readonly operands: readonly string[];
  readonly redirects: readonly Redirect[];
  /** `NAME=value` words before the executable (and those an `env` wrapper sets). */
  readonly env: readonly string[];
  /**
   * What the command was found inside, outermost first: wrappers (`sudo`, `env`, `xargs`),
   * shells given a script (`bash -c`, `eval`), interpreters (`python -c`, `node -e`), `base64`
   * (a payload decoded and piped to a shell), `$()` (a command substitution), `()` (a subshell).
   */
  readonly via: readonly string[];
  /** The simple command's own text (for messages). */
  readonly text: string;
}

/** A pipe between two commands: `curl … | sudo sh` has source `curl` and sink `sh`. */
export interface PipeEdge {
  /** Executable of the writing command (the innermost one of its wrappers). */
  readonly source: string;
  /** Executable of the reading command. */
  readonly sink: string;
  /** How the output travels: `|` a pipe, `<()` a process substitution, `$()` a command substitution. */
  readonly kind: '|' | '<()' | '$()';
  /** Arguments of the two commands: `python3 -m json.tool` reads data, a bare `python3` reads a program. */
  readonly source_args: readonly string[];
  readonly sink_args: readonly string[];
  /** Indices of the two commands in `commands`. */
  readonly source_index: number;
  readonly sink_index: number;
}

/** Why a line was read as plain text rather than parsed. */
export type FallbackReason = 'syntax' | 'too-large' | 'too-deep';

/** A parsed command line. */
export interface ParsedLine {
  readonly commands: readonly ShellCommand[];
  readonly pipes: readonly PipeEdge[];
  /** Set when the shell parser could not read the line and words were split as plain text. */
  readonly fallback?: FallbackReason;
}
