import type { Literal } from './ast.js';
import type { Collected } from './collect.js';
import { diagnosticAt, type Diagnostic, type DiagnosticCode, type Span } from './diagnostics.js';
import type { ElementType } from '../../event/index.js';
import type { ElementCell, IrCondition } from './ir.js';

/**
 * Which step fields a condition may read. A step reads the steps before it; a sequence's
 * message reads all of them; everything else (when, except, until, macros) reads none.
 */
export interface Scope {
  /** Every step name of the sequence (empty outside one). */
  readonly steps: readonly string[];
  /** Steps with an index below this one are readable. */
  readonly readable: number;
  /** The index of the step this condition belongs to, if it is a step's. */
  readonly current?: number;
  /** What the condition is, for messages: `step \`x\``, `until:`, … */
  readonly role: string;
  /** Elements named by the quantifiers around this condition (`c` of `any c in commands (…)`). */
  readonly bindings?: ReadonlyMap<string, Binding>;
}

/** A quantifier's element name: what the element holds and where its current value is. */
export interface Binding {
  readonly element: ElementType;
  readonly cell: ElementCell;
}

/** The scope of conditions that read only the event itself. */
export const EVENT_SCOPE: Scope = { steps: [], readable: 0, role: 'this condition' };

/** What the checker shares while it walks a rule set: the declarations and the diagnostics. */
export class CheckContext {
  // A macro is checked once; every use shares its result (undefined: it had errors).
  private readonly macroResults = new Map<string, IrCondition | undefined>();

  constructor(
    readonly collected: Collected,
    readonly diagnostics: Diagnostic[],
  ) {}

  /** Errors reported so far: a check that saw the count grow knows its part failed. */
  errors = 0;

  /** Reports an error; returns undefined so a failed check can `return ctx.error(…)`. */
  error(at: Span, code: DiagnosticCode, message: string): undefined {
    this.diagnostics.push(diagnosticAt(at, code, message));
    this.errors++;
    return undefined;
  }

  /** Reports a warning. */
  warn(at: Span, code: DiagnosticCode, message: string): void {
    this.diagnostics.push(diagnosticAt(at, code, message, 'warning'));
  }

  /** The text a span covers, for messages that quote the rule. */
  quote(at: Span): string {
    return `\`${at.source.text.slice(at.start, at.end)}\``;
  }

  /** The items of a named list (with its appends), or undefined when there is no such list. */
  list(name: string): readonly Literal[] | undefined {
    return this.collected.lists.get(name)?.items;
  }

  /** Whether a name was declared in a declaration with a syntax error (already reported). */
  isBroken(kind: 'list' | 'macro' | 'rule', name: string): boolean {
    return this.collected.broken.has(`${kind}:${name}`);
  }

  /** A macro's checked body, checking it on first use; undefined when it has errors or a cycle. */
  macro(name: string, check: (ctx: CheckContext) => IrCondition | undefined): IrCondition | undefined {
    if (this.collected.cyclic.has(name)) return undefined;
    if (!this.macroResults.has(name)) {
      // Reserve the slot first: a use inside its own body is a cycle, already reported.
      this.macroResults.set(name, undefined);
      this.macroResults.set(name, check(this));
    }
    return this.macroResults.get(name);
  }

  /** The checked bodies of every macro: conditions that many rules may share. */
  macroBodies(): Set<IrCondition> {
    return new Set([...this.macroResults.values()].filter((body): body is IrCondition => body !== undefined));
  }
}
