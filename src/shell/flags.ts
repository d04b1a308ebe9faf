/** The option words of an argument list, split as getopt reads them, and the operands. */
export function splitOptions(args: readonly string[]): { flags: string[]; operands: string[] } {
  const flags: string[] = [];
  const operands: string[] = [];
  let options = true;
  for (const arg of args) {
    if (!options || arg.length < 2 || arg[0] !== '-') {
      operands.push(arg);
      continue;
    }
    if (arg === '--') {
      options = false;
      continue;
    }
    if (arg[1] === '-') {
      const eq = arg.indexOf('=');
      flags.push(eq < 0 ? arg : arg.slice(0, eq));
      continue;
    }
    // `-rf` is `-r -f`; the letters run until a non-letter (`-n5`: `-n`, its value follows).
    // A single-dash long option (`find -delete`) is kept whole as well, for the tools that use them.
    if (arg.length > 2) flags.push(arg);
    for (let i = 1; i < arg.length; i++) {
      const c = arg[i];
      if (!/[A-Za-z]/.test(c)) break;
      flags.push(`-${c}`);
    }
  }
  return { flags, operands };
}

/** The executable's basename as rules compare it: lowercased, `\` and `/` separate, `.exe` dropped. */
export function exeName(path: string): string {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  return base.endsWith('.exe') ? base.slice(0, -4) : base;
}
