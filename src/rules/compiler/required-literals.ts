/**
 * Required literals of an RE2 pattern: sets of strings such that every match contains at least
 * one string of each set, so a text missing every string of one set cannot match and the pattern
 * need not run (the prefilter of RE2's FilteredRE2 and Hyperscan, reduced to substrings). Literals
 * are ASCII and lowercased, and are looked for in the folded text (see foldText): that holds
 * whatever the pattern's case flags. NON_ASCII stands for "some character beyond ASCII".
 */

/** The literal that stands for any non-ASCII character (a pattern made of such classes needs one). */
export const NON_ASCII = '\u0080';

/** Sets of literals, each of which a match must hit: a conjunction of disjunctions. */
export type Requirement = readonly (readonly string[])[];

/** What one part of a pattern can match: its whole finite set of strings, and what every match contains. */
interface Info {
  readonly exact?: readonly string[];
  readonly need?: Requirement;
}

const UNKNOWN: Info = {};
const EMPTY: Info = { exact: [''] };
// Sets beyond these sizes stop growing: the prefilter stays cheap and its literals long.
const MAX_EXACT = 16;
const MAX_NEED = 256;
// A conjunction keeps its most selective sets only: each costs a lookup per event.
const MAX_SETS = 4;

const usable = (set: readonly string[] | undefined): set is readonly string[] => set !== undefined && set.length > 0 && !set.includes('');
const needOf = (info: Info): Requirement | undefined => info.need ?? (usable(info.exact) ? [info.exact] : undefined);
/** How selective a set is: its shortest literal's length, then fewer literals. Higher is better. */
const score = (set: readonly string[]): number => Math.min(...set.map((s) => (s === NON_ASCII ? 4 : s.length))) * 1000 - set.length;
const best = (sets: readonly (readonly string[])[]): readonly string[] => sets.reduce((a, b) => (score(b) > score(a) ? b : a));
// The Kelvin sign and the long s fold to ASCII letters under (?i).
const beyondAscii = (code: number): boolean => code >= 0x80 && code !== 0x212a && code !== 0x17f;
const char = (c: string): Info => (c.charCodeAt(0) < 0x80 ? { exact: [c.toLowerCase()] } : UNKNOWN);

function conjunction(sets: (readonly string[])[]): Requirement | undefined {
  if (sets.length === 0) return undefined;
  return sets.sort((a, b) => score(b) - score(a)).slice(0, MAX_SETS);
}

function concat(parts: readonly Info[]): Info {
  const sets: (readonly string[])[] = [];
  const consider = (set: readonly string[] | undefined): void => {
    if (usable(set)) sets.push(set);
  };
  let run: string[] | undefined = [''];
  let whole = true;
  for (const part of parts) {
    if (part.exact === undefined) {
      consider(run);
      for (const set of part.need ?? []) consider(set);
      run = undefined;
      whole = false;
      continue;
    }
    if (run !== undefined && run.length * part.exact.length > MAX_EXACT) {
      consider(run);
      run = undefined;
      whole = false;
    }
    const base: readonly string[] = run ?? [''];
    run = [...new Set(base.flatMap((a) => part.exact!.map((b) => a + b)))];
  }
  if (whole && run !== undefined) return { exact: run };
  consider(run);
  const need = conjunction(sets);
  return need === undefined ? UNKNOWN : { need };
}

function alternate(branches: readonly Info[]): Info {
  if (branches.length === 1) return branches[0];
  if (branches.every((b) => b.exact !== undefined)) {
    const exact = [...new Set(branches.flatMap((b) => b.exact!))];
    if (exact.length <= MAX_EXACT) return { exact };
  }
  // A match of the alternation matches one branch: it holds a literal of that branch's best set.
  const needs = branches.map(needOf);
  if (needs.some((n) => n === undefined)) return UNKNOWN;
  const need = [...new Set(needs.flatMap((n) => best(n!)))];
  return need.length <= MAX_NEED ? { need: [need] } : UNKNOWN;
}

/** A recursive-descent reader of RE2 syntax that keeps only what the literals need. */
class Reader {
  private i = 0;
  constructor(private readonly s: string) {}

  /** The whole pattern; throws on syntax it does not know (the caller then gives up on the prefilter). */
  pattern(): Info {
    const info = this.alternation();
    if (this.i < this.s.length) throw new Error('unbalanced )');
    return info;
  }

  private alternation(): Info {
    const branches = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    return alternate(branches);
  }

  private sequence(): Info {
    const parts: Info[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') parts.push(this.repeat(this.atom()));
    return concat(parts);
  }

  private repeat(atom: Info): Info {
    let info = atom;
    for (;;) {
      const c = this.s[this.i];
      let min: number;
      if (c === '*' || c === '?') min = 0;
      else if (c === '+') min = 1;
      else if (c === '{') {
        const m = /^\{(\d+)(,\d*)?\}/.exec(this.s.slice(this.i, this.i + 24));
        if (m === null) return info; // a literal `{`, read as the next atom
        min = Number(m[1]);
        this.i += m[0].length - 1;
      } else return info;
      this.i++;
      if (this.s[this.i] === '?') this.i++;
      info = min === 0 ? UNKNOWN : { need: needOf(info) };
    }
  }

  private atom(): Info {
    const c = this.s[this.i++];
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '.':
        return UNKNOWN;
      case '^':
      case '$':
        return EMPTY;
      case '\\':
        return this.escape();
      default:
        return char(c);
    }
  }

  private group(): Info {
    if (this.s[this.i] === '?') {
      const m = /^\?(?:P?<\w+>|[imsU-]*:|([imsU-]*)\))/.exec(this.s.slice(this.i, this.i + 40));
      if (m === null) throw new Error('unsupported group');
      this.i += m[0].length;
      if (m[1] !== undefined) return EMPTY; // `(?i)`: flags only, and literals are folded anyway
    }
    const info = this.alternation();
    if (this.s[this.i++] !== ')') throw new Error('missing )');
    return info;
  }

  /** A class is unknown, unless every character it admits is beyond ASCII (hidden Unicode, say). */
  private charClass(): Info {
    let items = 0;
    let nonAscii = this.s[this.i] !== '^';
    if (!nonAscii) this.i++;
    if (this.s[this.i] === ']') {
      nonAscii = false;
      this.i++;
    }
    while (this.i < this.s.length && this.s[this.i] !== ']') {
      const c = this.s[this.i];
      if (c === '\\') {
        const m = /^\\x\{([0-9a-fA-F]+)\}/.exec(this.s.slice(this.i, this.i + 12));
        if (m !== null && beyondAscii(parseInt(m[1], 16))) this.i += m[0].length - 1;
        else {
          nonAscii = false;
          this.i++;
        }
      } else if (c === '[' && this.s[this.i + 1] === ':') {
        nonAscii = false;
        this.i = this.s.indexOf(':]', this.i + 2) + 1;
        if (this.i === 0) throw new Error('bad [:class:]');
      } else if (c === '-' ? items === 0 || this.s[this.i + 1] === ']' : !beyondAscii(c.codePointAt(0)!)) nonAscii = false;
      items++;
      this.i++;
    }
    if (this.i >= this.s.length) throw new Error('missing ]');
    this.i++;
    return nonAscii ? { need: [[NON_ASCII]] } : UNKNOWN;
  }

  private escape(): Info {
    const c = this.s[this.i++];
    if (c === undefined) throw new Error('trailing \\');
    if ('bBAz'.includes(c)) return EMPTY;
    if ('nrtfv'.includes(c)) return char({ n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' }[c as 'n']);
    if (c === 'x') {
      const m = /^(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{2}))/.exec(this.s.slice(this.i, this.i + 10));
      if (m === null) throw new Error('bad \\x');
      this.i += m[0].length;
      return char(String.fromCodePoint(parseInt(m[1] ?? m[2], 16)));
    }
    if (c === 'Q') {
      const end = this.s.indexOf('\\E', this.i);
      const text = this.s.slice(this.i, end < 0 ? undefined : end);
      this.i = end < 0 ? this.s.length : end + 2;
      return concat([...text].map(char));
    }
    if (c === 'p' || c === 'P') {
      this.i = this.s[this.i] === '{' ? this.s.indexOf('}', this.i) + 1 : this.i + 1;
      if (this.i === 0) throw new Error('bad \\p');
      return UNKNOWN;
    }
    // Letters and digits are classes (\d \w \s …) or octal: unknown. Punctuation stands for itself.
    return /[0-9A-Za-z]/.test(c) ? UNKNOWN : char(c);
  }
}

/** The required literals of a pattern (lowercased ASCII, or NON_ASCII), or undefined when the reader finds none. */
export function requiredLiterals(source: string): Requirement | undefined {
  try {
    return needOf(new Reader(source).pattern());
  } catch {
    return undefined;
  }
}

/**
 * A text as the literals are looked for in it: lowercased (an ASCII literal survives it, and RE2's
 * case folding of ASCII letters lands on it, the long s `ſ` aside, which is mapped here too).
 */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  return lower.includes('ſ') ? lower.replaceAll('ſ', 's') : lower;
}
