import RE2 from 're2';
import type { AgentEvent } from '../event/index.js';

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
 * `lower(prompt)`). With many patterns they run as one RE2.Set, once per event: the first rule
 * to ask computes every pattern's answer and the others read it.
 */
export class PatternGroup {
  private readonly patterns: Pattern[] = [];
  private singles: RE2[] | undefined;
  private set: InstanceType<typeof RE2.Set> | undefined;
  private lastEvent: AgentEvent | undefined;
  private stamp = 0;
  private readonly hits: number[] = [];

  /** `memo`: the subject is a function of the event alone, so one evaluation serves every rule. */
  constructor(private readonly memo = true) {}

  /** Adds patterns; the returned indices are what `test` takes. */
  add(patterns: readonly Pattern[]): number[] {
    return patterns.map((pattern) => this.patterns.push(pattern) - 1);
  }

  /** Whether any of the patterns at `indices` matches `text`, the subject's value on `event`. */
  test(indices: readonly number[], text: string, event: AgentEvent): boolean {
    if (this.patterns.length < SET_MIN) {
      const singles = (this.singles ??= this.patterns.map(compileRegex));
      for (let i = 0; i < indices.length; i++) if (singles[indices[i]].test(text)) return true;
      return false;
    }
    if (!this.memo || this.lastEvent !== event) this.evaluate(text, event);
    for (let i = 0; i < indices.length; i++) if (this.hits[indices[i]] === this.stamp) return true;
    return false;
  }

  private evaluate(text: string, event: AgentEvent): void {
    // Inline flags let patterns with different flags share one set.
    this.set ??= new RE2.Set(this.patterns.map((p) => (p.flags ? `(?${p.flags})${p.source}` : p.source)));
    this.lastEvent = event;
    this.stamp++;
    for (const index of this.set.match(text)) this.hits[index] = this.stamp;
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
