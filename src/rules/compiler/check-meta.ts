import type { PropertyValue, RuleItem } from './ast.js';
import type { CheckContext } from './check-context.js';
import { SEVERITIES, type RuleAction, type Severity } from '../compiled.js';
import type { Span } from './diagnostics.js';
import { didYouMean } from './suggest.js';

type Property = Extract<RuleItem, { kind: 'property' }>;

/** The metadata of a rule as declared; absent where the property is missing or wrong. */
export interface Meta {
  readonly title?: string;
  readonly description?: string;
  readonly severity?: Severity;
  readonly score?: number;
  readonly tags?: readonly string[];
  readonly actions?: readonly RuleAction[];
  /** The message template's string literal, checked by check-template. */
  readonly message?: Extract<PropertyValue, { kind: 'string' }>;
}

const ACTIONS: readonly RuleAction[] = ['alert', 'pause-session', 'kill-session', 'deny', 'ask'];
const REQUIRED = ['title', 'severity', 'score'] as const;
// MITRE ATLAS (AML.T0051, AML.T0051.000, tactics AML.TA0000, mitigations AML.M0000) and
// ATT&CK (T1059, T1059.004, tactics TA0001) ids; anything else is a free word.
const TAG_FORMS: readonly { prefix: RegExp; form: RegExp; what: string }[] = [
  { prefix: /^AML\./i, form: /^AML\.(?:T\d{4}(?:\.\d{3})?|TA\d{4}|M\d{4})$/, what: 'MITRE ATLAS ids look like AML.T0051 or AML.T0051.000' },
  { prefix: /^TA?\d/, form: /^(?:T\d{4}(?:\.\d{3})?|TA\d{4})$/, what: 'ATT&CK ids look like T1059 or T1059.004' },
  { prefix: /^/, form: /^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/, what: 'a tag is a word of letters, digits, `_`, `.`, `:`, `/` and `-`' },
];

function text(ctx: CheckContext, property: Property): string | undefined {
  if (property.value.kind === 'string') return property.value.value;
  return ctx.error(property.value.at, 'bad-property', `\`${property.name.text}\` takes a string`);
}

// Every entry of a `[…]` list (or a lone word) as text with its span.
function words(ctx: CheckContext, property: Property): { text: string; at: Span }[] | undefined {
  const value = property.value;
  const items = value.kind === 'words' ? value.items : [value];
  if (items.some((item) => item.kind !== 'word' && item.kind !== 'string')) return ctx.error(value.at, 'bad-property', `\`${property.name.text}\` takes a list of names: [a, b]`);
  return items.map((item) => ({ text: item.kind === 'string' ? item.value : (item as { text: string }).text, at: item.at }));
}

function tag(ctx: CheckContext, word: { text: string; at: Span }): string | undefined {
  const rule = TAG_FORMS.find((f) => f.prefix.test(word.text))!;
  return rule.form.test(word.text) ? word.text : ctx.error(word.at, 'bad-tag', `bad tag \`${word.text}\`: ${rule.what}`);
}

function action(ctx: CheckContext, word: { text: string; at: Span }): RuleAction | undefined {
  if ((ACTIONS as readonly string[]).includes(word.text)) return word.text as RuleAction;
  if (word.text === 'annotate') ctx.warn(word.at, 'redundant-action', '`annotate` always happens; it need not be listed');
  else ctx.error(word.at, 'bad-action', `unknown action \`${word.text}\`${didYouMean(word.text, ACTIONS) || `; actions are ${ACTIONS.join(', ')}`}`);
  return undefined;
}

const CHECKS: Readonly<Record<string, (ctx: CheckContext, property: Property) => Meta[keyof Meta]>> = {
  title: text,
  description: text,
  message: (ctx, p) => (p.value.kind === 'string' ? p.value : ctx.error(p.value.at, 'bad-property', '`message` takes a string')),
  severity: (ctx, p) => {
    const word = p.value.kind === 'word' ? p.value.text : undefined;
    if (word !== undefined && (SEVERITIES as readonly string[]).includes(word)) return word as Severity;
    return ctx.error(p.value.at, 'bad-severity', `unknown severity ${ctx.quote(p.value.at)}${(word && didYouMean(word, SEVERITIES)) || `; severities are ${SEVERITIES.join(', ')}`}`);
  },
  score: (ctx, p) => {
    const n = p.value.kind === 'number' ? p.value.value : NaN;
    return Number.isInteger(n) && n >= 0 && n <= 100 ? n : ctx.error(p.value.at, 'bad-score', 'score must be a whole number from 0 to 100');
  },
  tags: (ctx, p) => {
    const list = words(ctx, p)?.map((w) => tag(ctx, w));
    return list?.every((t) => t !== undefined) ? [...new Set(list as string[])] : undefined;
  },
  actions: (ctx, p) => {
    const list = words(ctx, p)?.map((w) => action(ctx, w));
    return list && [...new Set(list.filter((a): a is RuleAction => a !== undefined))];
  },
};

/** One change a user's file made to a shipped rule or list, as `vigil rules check` reports it. */
export interface TuningNote {
  /** `rule ID` or `list NAME`. */
  readonly subject: string;
  /** What changed: `disabled`, `severity high → low`, `removed "x"`. */
  readonly change: string;
  /** `file:line` of the change. */
  readonly source: string;
}

const shown = (value: unknown): string => (Array.isArray(value) ? `[${value.join(', ')}]` : String(value));
const lineOf = (at: Span): string => `${at.source.path}:${at.source.position(at.start).line}`;

/**
 * Applies the `enabled:`, `severity:`, `score:`, `tags:` and `actions:` of every `extend rule`
 * (checked like the rule's own; the last one wins) and says what each changed.
 */
export function applyOverrides(ctx: CheckContext, id: string, meta: Meta, overrides: readonly Property[]): { meta: Meta; enabled: boolean; notes: TuningNote[] } {
  const tuned: Record<string, unknown> = { ...meta };
  let enabled = true;
  const notes: TuningNote[] = [];
  for (const item of overrides) {
    const name = item.name.text;
    const note = (change: string): number => notes.push({ subject: `rule ${id}`, change, source: lineOf(item.at) });
    if (name === 'enabled') {
      if (item.value.kind !== 'boolean') ctx.error(item.value.at, 'bad-property', '`enabled` takes true or false');
      else {
        enabled = item.value.value;
        note(enabled ? 'enabled' : 'disabled');
      }
      continue;
    }
    const value = CHECKS[name](ctx, item);
    if (value === undefined) continue;
    note(`${name} ${shown(tuned[name] ?? [])} → ${shown(value)}`);
    tuned[name] = value;
  }
  return { meta: tuned as Meta, enabled, notes };
}

/** Checks a rule's properties: known names, each once, with a value of the right form; title, severity and score present. */
export function checkMeta(ctx: CheckContext, id: { text: string; at: Span }, items: readonly RuleItem[]): Meta {
  const meta: Record<string, unknown> = {};
  const seen = new Map<string, Span>();
  for (const item of items) {
    if (item.kind !== 'property') continue;
    const name = item.name.text;
    const check = CHECKS[name];
    const first = seen.get(name);
    if (check === undefined) ctx.error(item.name.at, 'unknown-property', `unknown property \`${name}\`${didYouMean(name, [...Object.keys(CHECKS), 'when', 'threshold', 'sequence', 'except'])}`);
    else if (first) ctx.error(item.name.at, 'duplicate', `\`${name}\` is given twice (first on line ${first.source.position(first.start).line})`);
    else {
      seen.set(name, item.name.at);
      meta[name] = check(ctx, item);
    }
  }
  for (const name of REQUIRED) if (!seen.has(name)) ctx.error(id.at, 'missing-property', `rule \`${id.text}\` has no \`${name}:\``);
  return meta as Meta;
}
