import type { Span } from './diagnostics.js';

/** A string, number, boolean, duration or regular expression written in a rule file. */
export type Literal =
  | { readonly kind: 'string'; readonly value: string; readonly at: Span; readonly offsets: readonly number[] }
  | { readonly kind: 'number'; readonly value: number; readonly at: Span }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly at: Span }
  | { readonly kind: 'duration'; readonly text: string; readonly at: Span }
  | { readonly kind: 'regex'; readonly pattern: string; readonly flags: string; readonly at: Span };

/** A name as written: a field, a step field (`secret.file.path`), a list or a macro. */
export interface Reference {
  readonly kind: 'reference';
  readonly name: string;
  /** The key of `attributes["k"]` / `resource["k"]` / `step.attributes["k"]`. */
  readonly key?: string;
  readonly at: Span;
}

/** A built-in function applied to values. */
export interface Call {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Value[];
  readonly nameAt: Span;
  readonly at: Span;
}

/** Anything a comparison compares. */
export type Value = Literal | Reference | Call;

/** `[…]` or `(…)` written in place. */
export interface ListLiteral {
  readonly kind: 'list';
  readonly items: readonly Literal[];
  readonly at: Span;
}

/** The operators of comparisons. */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
/** The operators that test text (or an address, for `cidr`) against one pattern or a list. */
export type StringOp = 'contains' | 'icontains' | 'startswith' | 'endswith' | 'glob' | 'matches' | 'cidr';

/** A boolean condition. */
export type Condition =
  | { readonly kind: 'and' | 'or'; readonly operands: readonly Condition[]; readonly at: Span }
  | { readonly kind: 'not'; readonly operand: Condition; readonly at: Span }
  | { readonly kind: 'exists'; readonly value: Value; readonly at: Span }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Value; readonly right: Value | ListLiteral; readonly opAt: Span; readonly at: Span }
  | { readonly kind: 'in'; readonly negated: boolean; readonly left: Value; readonly right: Value | ListLiteral; readonly opAt: Span; readonly at: Span }
  | { readonly kind: 'string-op'; readonly op: StringOp; readonly left: Value; readonly right: Value | ListLiteral; readonly opAt: Span; readonly at: Span }
  /** `any NAME in LIST (CONDITION)` / `all …`: the condition on some (every) element of a list field. */
  | { readonly kind: 'quantifier'; readonly mode: 'any' | 'all'; readonly name: Name; readonly list: Value; readonly body: Condition; readonly at: Span }
  /** A value with no operator: a macro's name, or a mistake the checker explains. */
  | { readonly kind: 'bare'; readonly value: Value; readonly at: Span };

/** A name with where it was written. */
export interface Name {
  readonly text: string;
  readonly at: Span;
}

/** `within 10m` / `by a, b`, in either order. */
export interface Window {
  readonly within: { readonly value: Literal; readonly at: Span }[];
  readonly by: { readonly values: readonly Value[]; readonly at: Span }[];
}

/** What may stand inside `rule ID { … }`. */
export type RuleItem =
  | { readonly kind: 'property'; readonly name: Name; readonly value: PropertyValue; readonly at: Span }
  | { readonly kind: 'when'; readonly condition: Condition; readonly at: Span }
  | { readonly kind: 'except'; readonly name: Name; readonly condition: Condition; readonly at: Span }
  | { readonly kind: 'threshold'; readonly aggregate: Name; readonly field?: Value; readonly op: CompareOp; readonly bound: Literal; readonly window: Window; readonly at: Span }
  | { readonly kind: 'sequence'; readonly window: Window; readonly steps: readonly Step[]; readonly until: readonly { readonly condition: Condition; readonly at: Span }[]; readonly at: Span };

/** One `step NAME: CONDITION`. */
export interface Step {
  readonly name: Name;
  readonly condition: Condition;
}

/** The value of a metadata property: `"text"`, `42`, `high`, `[a, "b"]`. */
export type PropertyValue =
  | Literal
  | { readonly kind: 'word'; readonly text: string; readonly at: Span }
  | { readonly kind: 'words'; readonly items: readonly ({ readonly kind: 'word'; readonly text: string; readonly at: Span } | Literal)[]; readonly at: Span };

/** One top-level declaration of a rule file. */
export type Declaration =
  /** `=` declares, `+=` appends, `-=` removes items (from the declaration and every append). */
  | { readonly kind: 'list'; readonly name: Name; readonly op: '=' | '+=' | '-='; readonly items: ListLiteral; readonly at: Span }
  | { readonly kind: 'macro'; readonly name: Name; readonly body: Condition; readonly at: Span }
  | { readonly kind: 'rule'; readonly id: Name; readonly items: readonly RuleItem[]; readonly at: Span }
  | { readonly kind: 'extend'; readonly id: Name; readonly items: readonly RuleItem[]; readonly at: Span };
