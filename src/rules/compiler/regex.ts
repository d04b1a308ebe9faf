import RE2 from 're2';
import type { AgentEvent } from '../../event/index.js';

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
// win below about 8 patterns, the set wins above (2-3x at 30). Below this many, test one by one.
const SET_MIN = 8;

/**
 * The `matches` patterns of a rule set that test the same subject (say `command`, or
 * `lower(prompt)`). Each pattern is decided at most once per event, whichever rules ask: with many
 * patterns all are decided by one RE2.Set pass, with few each is tested when first asked.
 */
export class PatternGroup {
  private readonly patterns: Pattern[] = [];
  private readonly known = new Map<string, number>();
  private singles: RE2[] | undefined;
  private set: InstanceType<typeof RE2.Set> | undefined;
  private lastEvent: AgentEvent | undefined;
  // One stamp per event: pattern i is decided for the current event when decided[i] === stamp.
  private stamp = 0;
  private readonly decided: number[] = [];
  private readonly matched: boolean[] = [];
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
      if (index === undefined) this.known.set(key, (index = this.patterns.push(pattern) - 1));
      return index;
    });
  }

  /** Whether any of the patterns at `indices` matches `text`, the subject's value on `event`. */
  test(indices: readonly number[], text: string, event: AgentEvent): boolean {
    const useSet = this.patterns.length >= SET_MIN;
    if (!this.memo || event !== this.lastEvent) {
      this.lastEvent = event;
      this.stamp++;
      if (useSet) this.decideAll(text);
    }
    for (let i = 0; i < indices.length; i++) {
      const index = indices[i];
      if (this.decided[index] !== this.stamp) {
        this.singles ??= this.patterns.map(compileRegex);
        this.matched[index] = this.singles[index].test(this.utf8(text));
        this.decided[index] = this.stamp;
      }
      if (this.matched[index]) return true;
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

  /** The group of a subject; a subject without a key (it reads a step's event) gets a group of its own. */
  of(subject: string | undefined): PatternGroup {
    if (subject === undefined) return new PatternGroup(false);
    let group = this.groups.get(subject);
    if (group === undefined) this.groups.set(subject, (group = new PatternGroup()));
    return group;
  }
}
