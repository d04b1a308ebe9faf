import RE2 from 're2';
import type { AgentEvent } from '../../event/index.js';
import { foldText, NON_ASCII, requiredLiterals } from './required-literals.js';

const NON_ASCII_CHAR = /[^\x00-\x7f]/;

/** Regular expression flags a rule may use. */
export const REGEX_FLAGS = 'ism';

/** A pattern of a `matches`: its source and flags, as written. */
export interface Pattern {
  readonly source: string;
  readonly flags: string;
}

/**
 * Compiles a pattern on RE2, which runs in time linear in the input whatever the pattern: event
 * data is attacker-controlled, and a backtracking engine can be made to run for hours.
 */
export function compileRegex(pattern: Pattern): RE2 {
  return new RE2(pattern.source, pattern.flags);
}

/** Why RE2 cannot compile a pattern (with a hint for what RE2 lacks), or undefined. */
export function regexError(pattern: Pattern): string | undefined {
  const bad = [...pattern.flags].find((flag) => !REGEX_FLAGS.includes(flag));
  if (bad !== undefined) return `unknown regular expression flag \`${bad}\` (flags are i, s and m)`;
  try {
    compileRegex(pattern);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const hint = /\\[1-9]|\\k<|\(\?<?[=!]/.test(pattern.source) ? ' (RE2 runs in linear time: no backreferences, no lookaround)' : '';
    return `invalid regular expression: ${message}${hint}`;
  }
}

// An RE2.Set costs about 1 µs per call and then one pass for all its patterns; one RE2 per pattern
// costs a pass each. Measured with detection patterns on 200 B to 20 KB commands: separate RE2s
// win below about 8 patterns, the set wins above (2-3x at 30). Below this many live patterns
// (those the prefilter lets through), test one by one.
const SET_MIN = 8;
// Answers kept per subject text: bounded in count and in the length of the texts kept.
const MAX_CACHED = 4096;
const MAX_CACHED_LENGTH = 16 * 1024;

/**
 * The `matches` patterns of a rule set that test the same subject (say `command`, or
 * `lower(prompt)`). Each pattern is decided at most once per event, whichever rules ask. A
 * pattern whose required literals (required-literals.ts) are all absent from the subject is false
 * without running; the live ones run as one RE2.Set pass when many, else each when first asked.
 */
export class PatternGroup {
  private readonly patterns: Pattern[] = [];
  private readonly known = new Map<string, number>();
  /** Per pattern, sets of literals (indices into `literals`) it needs one of each; undefined: always live. */
  private readonly needs: (readonly (readonly number[])[] | undefined)[] = [];
  private readonly literals: string[] = [];
  private readonly literalIndex = new Map<string, number>();
  private singles: RE2[] | undefined;
  private set: InstanceType<typeof RE2.Set> | undefined;
  private lastEvent: AgentEvent | undefined;
  private answers: readonly boolean[] = [];
  private readonly cache = new Map<string, readonly boolean[]>();
  // One stamp per event: pattern i is decided for the current event when decided[i] === stamp.
  private stamp = 0;
  private readonly decided: number[] = [];
  private readonly matched: boolean[] = [];
  // Per event, lazily: the folded subject, whether each literal is in it, patterns run so far.
  private folded = '';
  private foldStamp = -1;
  private readonly literalStamp: number[] = [];
  private readonly present: boolean[] = [];
  private runs = 0;
  // RE2 converts a JS string to UTF-8 on every call; converting once per event and handing every
  // pattern the bytes makes each test several times cheaper.
  private bytes: Buffer | undefined;
  private bytesStamp = -1;

  /** `memo`: the subject is a function of the event alone, so one decision serves every rule. */
  constructor(private readonly memo = true) {}

  /** Adds patterns (a pattern already in the group is shared); the returned indices are what `test` takes. */
  add(patterns: readonly Pattern[]): number[] {
    return patterns.map((pattern) => {
      const key = `${pattern.flags}/${pattern.source}`;
      let index = this.known.get(key);
      if (index === undefined) {
        this.known.set(key, (index = this.patterns.push(pattern) - 1));
        this.needs.push(requiredLiterals(pattern.source)?.map((set) => set.map((literal) => this.literal(literal))));
        this.set = undefined;
      }
      return index;
    });
  }

  /** Whether any of the patterns at `indices` matches `text`, the subject's value on `event`. */
  test(indices: readonly number[], text: string, event: AgentEvent): boolean {
    if (this.memo) {
      if (event !== this.lastEvent) {
        this.lastEvent = event;
        this.answers = this.answersFor(text);
      }
      const answers = this.answers;
      for (let i = 0; i < indices.length; i++) if (answers[indices[i]]) return true;
      return false;
    }
    this.next();
    for (let i = 0; i < indices.length; i++) {
      const index = indices[i];
      if (this.decided[index] !== this.stamp) this.decide(index, text);
      if (this.matched[index]) return true;
    }
    return false;
  }

  /**
   * Every pattern's answer on a subject. Agents repeat themselves (the same command, the same
   * arguments, the same body re-sent by a retrying exporter), so answers are kept by subject text.
   */
  private answersFor(text: string): readonly boolean[] {
    const cached = this.cache.get(text);
    if (cached !== undefined) return cached;
    this.next();
    for (let i = 0; i < this.patterns.length; i++) if (this.decided[i] !== this.stamp) this.decide(i, text);
    const answers = this.matched.slice(0, this.patterns.length);
    if (text.length <= MAX_CACHED_LENGTH) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(text, answers);
    }
    return answers;
  }

  private next(): void {
    this.stamp++;
    this.runs = 0;
  }

  /** Compiles what `test` will run, now: the error when a pattern or the set fails (the engine could not run it). */
  prepare(): string | undefined {
    try {
      this.singles ??= this.patterns.map(compileRegex);
      if (this.patterns.length >= SET_MIN) this.set ??= new RE2.Set(this.patterns.map((p) => (p.flags ? `(?${p.flags})${p.source}` : p.source)));
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }

  private literal(text: string): number {
    let index = this.literalIndex.get(text);
    if (index === undefined) this.literalIndex.set(text, (index = this.literals.push(text) - 1));
    return index;
  }

  private decide(index: number, text: string): void {
    this.decided[index] = this.stamp;
    if (!this.isLive(index, text)) {
      this.matched[index] = false;
    } else if (++this.runs >= SET_MIN) {
      this.decideAll(text); // many live patterns on this subject: one pass decides the rest
    } else {
      this.singles ??= this.patterns.map(compileRegex);
      this.matched[index] = this.singles[index].test(this.utf8(text));
    }
  }

  private isLive(index: number, text: string): boolean {
    const need = this.needs[index];
    if (need === undefined) return true;
    if (this.foldStamp !== this.stamp) {
      this.folded = foldText(text);
      this.foldStamp = this.stamp;
    }
    for (let i = 0; i < need.length; i++) if (!this.anyPresent(need[i], text)) return false;
    return true;
  }

  private anyPresent(set: readonly number[], text: string): boolean {
    for (let i = 0; i < set.length; i++) {
      const literal = set[i];
      if (this.literalStamp[literal] !== this.stamp) {
        this.literalStamp[literal] = this.stamp;
        const needle = this.literals[literal];
        // Checked on the text itself: folding can turn a non-ASCII character into ASCII.
        this.present[literal] = needle === NON_ASCII ? NON_ASCII_CHAR.test(text) : this.folded.includes(needle);
      }
      if (this.present[literal]) return true;
    }
    return false;
  }

  private decideAll(text: string): void {
    // Inline flags let patterns with different flags share one set.
    this.set ??= new RE2.Set(this.patterns.map((p) => (p.flags ? `(?${p.flags})${p.source}` : p.source)));
    for (let i = 0; i < this.patterns.length; i++) {
      this.decided[i] = this.stamp;
      this.matched[i] = false;
    }
    for (const index of this.set.match(this.utf8(text))) this.matched[index] = true;
  }

  private utf8(text: string): Buffer {
    if (this.bytesStamp !== this.stamp) {
      this.bytes = Buffer.from(text, 'utf8');
      this.bytesStamp = this.stamp;
    }
    return this.bytes as Buffer;
  }
}

/** The pattern groups of one compiled rule set, by subject key (see codegen-value's subjectKey). */
export class PatternGroups {
  private readonly groups = new Map<string, PatternGroup>();

  /** Compiles every group now; the subjects whose patterns RE2 cannot run together, with why. */
  prepare(): string[] {
    const problems: string[] = [];
    for (const [subject, group] of this.groups) {
      const problem = group.prepare();
      if (problem !== undefined) problems.push(`the patterns on \`${subject}\` cannot run as one RE2 set: ${problem}`);
    }
    return problems;
  }

  /** The group of a subject; a subject without a key (it reads a step's event) gets a group of its own. */
  of(subject: string | undefined): PatternGroup {
    if (subject === undefined) return new PatternGroup(false);
    let group = this.groups.get(subject);
    if (group === undefined) this.groups.set(subject, (group = new PatternGroup()));
    return group;
  }
}
