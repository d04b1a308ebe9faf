import RE2 from 're2';

// `\` is an ordinary character (Windows paths); `[*]` matches a literal star.
const META = /[*?[]/;
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** Why a glob is malformed, or undefined. */
export function globError(glob: string): string | undefined {
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] !== '[') continue;
    const close = glob.indexOf(']', i + 2);
    if (close < 0) return `unterminated \`[\` in glob \`${glob}\``;
    i = close;
  }
  return undefined;
}

/** A glob as an anchored regular expression: `*` any run (including `/` and newlines), `?` one character, `[…]` a class. */
export function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      out += `[${body.replace(/\\/g, '\\\\').replace(/\[/g, '\\[')}]`;
      i = close;
    } else out += c.replace(REGEX_SPECIAL, '\\$&');
  }
  return `(?s)^${out}$`;
}

const MAX_CACHED = 4096;
const MAX_CACHED_LENGTH = 1024;

const literal = (text: string): boolean => !META.test(text);

/**
 * One matcher for a list of globs: most globs in rules are a literal, `lit*`, `*lit` or `*lit*`,
 * which need no regular expression (a Set lookup, startsWith, endsWith, includes); the rest run
 * as one RE2.Set anchored at both ends.
 */
export function compileGlobs(globs: readonly string[]): (text: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  const infixes: string[] = [];
  const general: string[] = [];
  for (const glob of globs) {
    const inner = glob.slice(1, -1);
    if (literal(glob)) exact.add(glob);
    else if (glob.length > 1 && glob.endsWith('*') && literal(glob.slice(0, -1))) prefixes.push(glob.slice(0, -1));
    else if (glob.length > 1 && glob.startsWith('*') && literal(glob.slice(1))) suffixes.push(glob.slice(1));
    else if (glob.length > 2 && glob.startsWith('*') && glob.endsWith('*') && literal(inner)) infixes.push(inner);
    else general.push(globToRegex(glob));
  }
  const set = general.length > 1 ? new RE2.Set(general) : undefined;
  const single = general.length === 1 ? new RE2(general[0]) : undefined;
  const decide = (text: string): boolean => {
    if (exact.has(text)) return true;
    for (let i = 0; i < prefixes.length; i++) if (text.startsWith(prefixes[i])) return true;
    for (let i = 0; i < suffixes.length; i++) if (text.endsWith(suffixes[i])) return true;
    for (let i = 0; i < infixes.length; i++) if (text.includes(infixes[i])) return true;
    return single !== undefined ? single.test(text) : set !== undefined && set.test(text);
  };
  // Hosts and paths repeat from event to event: answers are kept per text, bounded.
  const answers = new Map<string, boolean>();
  return (text) => {
    let answer = answers.get(text);
    if (answer === undefined) {
      answer = decide(text);
      if (text.length <= MAX_CACHED_LENGTH) {
        if (answers.size >= MAX_CACHED) answers.clear();
        answers.set(text, answer);
      }
    }
    return answer;
  };
}
