/**
 * Processes that inline interpreter code starts: `os.system("…")`, `subprocess.run([…])`,
 * `require('child_process').execSync('…')`, Perl/Ruby `system`, backticks. Read from the code's
 * text, not by running a Python or JavaScript parser: only the calls that spawn matter, and
 * their arguments are string or list literals.
 */

/** What a spawning call runs: a shell script, or an argument vector. */
export type Spawn = { readonly script: string } | { readonly argv: readonly string[] };

// Calls whose first string runs through a shell.
const SCRIPT_CALLS = /\b(?:os\.system|os\.popen|system|popen|getoutput|getstatusoutput|shell_exec|passthru|execSync|exec|pty\.spawn|check_output|check_call|call|run|Popen|spawnSync|spawn|execFileSync|execFile|execv|execvp|execl|execlp)\s*\(\s*/g;
// Of those, the ones that take a program and its arguments rather than a script.
const ARGV_CALLS = /(?:spawnSync|spawn|execFileSync|execFile|execv|execvp|execl|execlp)\s*\(\s*$/;

const QUOTE_PREFIX = /[rRbBuUfF]{0,2}/y;

function stringAt(code: string, start: number): { value: string; end: number } | undefined {
  QUOTE_PREFIX.lastIndex = start;
  QUOTE_PREFIX.test(code);
  let i = QUOTE_PREFIX.lastIndex;
  const quote = code[i];
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
  const triple = code.startsWith(quote.repeat(3), i);
  const close = triple ? quote.repeat(3) : quote;
  i += close.length;
  let value = '';
  while (i < code.length) {
    if (code.startsWith(close, i)) return { value, end: i + close.length };
    const c = code[i];
    if (c === '\\' && i + 1 < code.length) {
      const n = code[i + 1];
      value += n === 'n' ? '\n' : n === 't' ? '\t' : n;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  return undefined;
}

function listAt(code: string, start: number): { items: string[]; end: number } | undefined {
  if (code[start] !== '[' && code[start] !== '(') return undefined;
  const closer = code[start] === '[' ? ']' : ')';
  const items: string[] = [];
  let i = start + 1;
  for (;;) {
    while (/[\s,]/.test(code[i] ?? '')) i++;
    if (code[i] === closer) return { items, end: i + 1 };
    const item = stringAt(code, i);
    if (item === undefined) return items.length > 0 ? { items, end: i } : undefined;
    items.push(item.value);
    i = item.end;
  }
}

/** The processes `code` spawns, in the order written; `backticks`: the language runs `…` through a shell. */
export function spawnsIn(code: string, backticks: boolean): Spawn[] {
  const spawns: Spawn[] = [];
  for (const match of code.matchAll(SCRIPT_CALLS)) {
    const at = (match.index ?? 0) + match[0].length;
    const list = listAt(code, at);
    if (list !== undefined) {
      if (list.items.length > 0) spawns.push({ argv: list.items });
      continue;
    }
    const first = stringAt(code, at);
    if (first === undefined) continue;
    if (!ARGV_CALLS.test(match[0])) {
      spawns.push({ script: first.value });
      continue;
    }
    // spawn('rm', ['-rf', '/']) and execvp("rm", ["rm", "-rf", "/"]): the program, then its vector.
    const rest = code.slice(first.end).match(/^\s*,\s*/);
    const args = rest ? listAt(code, first.end + rest[0].length) : undefined;
    const argv = args?.items ?? [];
    spawns.push({ argv: argv[0] !== undefined && argv[0].endsWith(first.value) ? argv : [first.value, ...argv] });
  }
  // Backticks and %x(…) in Perl, Ruby and PHP run a shell.
  if (backticks) for (const match of code.matchAll(/`([^`\n]+)`|%x\(([^)\n]+)\)/g)) spawns.push({ script: match[1] ?? match[2] });
  return spawns;
}
