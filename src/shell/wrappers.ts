/**
 * Programs that run another command given as their own arguments, and how to find it: the
 * options that take a value (so the value is not taken for the command) and whether leading
 * `NAME=value` words are environment settings (`env`). The command starts at the first word
 * that is neither an option, an option's value nor a setting.
 */
interface Wrapper {
  /** Options whose value is the next word. */
  readonly valued: readonly string[];
  /** Positional words before the command (`timeout 10 cmd`, `chroot /srv cmd`). */
  readonly positional?: number;
  readonly env?: boolean;
}

const w = (valued: string[], extra: Omit<Wrapper, 'valued'> = {}): Wrapper => ({ valued, ...extra });

/** Wrappers by executable name. */
export const WRAPPERS: ReadonlyMap<string, Wrapper> = new Map([
  ['sudo', w(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '--user', '--group', '--chdir', '--prompt', '--host'], { env: true })],
  ['doas', w(['-u', '-C'])],
  ['env', w(['-u', '-C', '-S', '--unset', '--chdir', '--split-string'], { env: true })],
  ['nohup', w([])],
  ['exec', w(['-a'])],
  ['command', w([])],
  ['builtin', w([])],
  ['time', w(['-f', '-o', '--format', '--output'])],
  ['nice', w(['-n', '--adjustment'])],
  ['ionice', w(['-c', '-n', '-p', '-t', '--class', '--classdata'])],
  ['timeout', w(['-s', '-k', '--signal', '--kill-after'], { positional: 1 })],
  ['stdbuf', w(['-i', '-o', '-e'])],
  ['setsid', w([])],
  ['unbuffer', w([])],
  ['chroot', w(['--userspec', '--groups'], { positional: 1 })],
  ['strace', w(['-e', '-o', '-p', '-s', '-u'])],
  ['ltrace', w(['-e', '-o', '-p', '-s', '-u'])],
  ['watch', w(['-n', '-d', '--interval'])],
  ['runuser', w(['-u', '-g', '-G', '--user', '--group'])],
  ['xargs', w(['-a', '-d', '-E', '-I', '-i', '-L', '-l', '-n', '-P', '-s', '--arg-file', '--delimiter', '--max-args', '--max-procs', '--replace'])],
  ['caffeinate', w(['-t', '-w'])],
  ['flock', w(['-w', '-E', '--timeout'], { positional: 1 })],
  ['proxychains', w(['-f'])],
  ['proxychains4', w(['-f'])],
  ['torsocks', w(['-u', '-p', '-a', '-P'])],
]);

/** Shells: `-c SCRIPT` (any option word holding `c`: `-lc`, `-ec`) runs SCRIPT. */
export const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'busybox', 'fish', 'csh', 'tcsh', 'rbash']);

/** Interpreters whose inline code can spawn processes, and the option that gives the code. */
export const INTERPRETERS: ReadonlyMap<string, readonly string[]> = new Map([
  ['python', ['-c']],
  ['python2', ['-c']],
  ['python3', ['-c']],
  ['pypy3', ['-c']],
  ['node', ['-e', '-p', '--eval', '--print']],
  ['nodejs', ['-e', '-p', '--eval', '--print']],
  ['bun', ['-e', '--eval']],
  ['deno', ['eval']],
  ['perl', ['-e', '-E']],
  ['ruby', ['-e']],
  ['php', ['-r']],
]);

/** The index of the wrapped command's first word in a wrapper's arguments, or -1 when there is none. */
export function wrappedStart(wrapper: Wrapper, args: readonly string[], env: string[]): number {
  let positional = wrapper.positional ?? 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return i + 1 < args.length ? i + 1 : -1;
    if (arg.startsWith('-') && arg.length > 1) {
      if (wrapper.valued.includes(arg)) i++;
      continue;
    }
    if (wrapper.env && /^[A-Za-z_][A-Za-z0-9_]*=/.test(arg)) {
      env.push(arg);
      continue;
    }
    if (positional > 0) {
      positional--;
      continue;
    }
    return i;
  }
  return -1;
}
