import { parseDuration } from '../../config/index.js';
import { FIELD_NAMES } from '../../event/index.js';
import type { RuleItem, Window } from './ast.js';
import { EVENT_SCOPE, type CheckContext, type Scope } from './check-context.js';
import { checkCondition } from './check-condition.js';
import { checkValue, typeWords } from './check-value.js';
import type { CheckedRule, IrCondition, NamedValue } from './ir.js';
import { compatible } from './values.js';

/** The longest window a threshold or sequence may have: its state is held in memory that long. */
export const MAX_WINDOW_MS = 86_400_000;
const MIN_STEPS = 2;
const MAX_STEPS = 8;
const AGGREGATES = ['count', 'distinct', 'sum'] as const;
// A step named like the first segment of a field (`file`, `url`) would make `file.path` ambiguous.
const FIELD_HEADS = new Set(FIELD_NAMES.flatMap((name) => [name, name.split('.')[0]]));

type Threshold = Extract<RuleItem, { kind: 'threshold' }>;
type Sequence = Extract<RuleItem, { kind: 'sequence' }>;
type Body<K> = Extract<CheckedRule['body'], { kind: K }>;

function windowMs(ctx: CheckContext, window: Window, at: Threshold['at']): number | undefined {
  const [within, twice] = window.within;
  if (within === undefined) return ctx.error(at, 'missing-property', 'no `within`: give the window, e.g. `within 10m`');
  if (twice) return ctx.error(twice.at, 'duplicate', '`within` is given twice');
  const literal = within.value;
  const text = literal.kind === 'duration' ? literal.text : String(literal.kind === 'number' ? literal.value : '');
  const ms = parseDuration(text);
  if (ms === undefined) {
    const why = literal.kind === 'number' ? 'has no unit' : 'is not a duration';
    return ctx.error(literal.at, 'bad-duration', `\`${text}\` ${why}; write a whole number with ms, s, m, h or d (500ms, 30s, 10m, 1h, 1d)`);
  }
  if (ms === 0) return ctx.error(literal.at, 'bad-window', 'the window must be longer than 0');
  if (ms > MAX_WINDOW_MS) return ctx.error(literal.at, 'bad-window', `the window is at most 24h (it is ${text})`);
  return ms;
}

function groupBy(ctx: CheckContext, window: Window): NamedValue[] | undefined {
  const [by, twice] = window.by;
  if (twice) return ctx.error(twice.at, 'duplicate', '`by` is given twice');
  const values = (by?.values ?? []).map((value) => {
    const checked = checkValue(ctx, EVENT_SCOPE, value);
    if (checked?.kind === 'const') return ctx.error(value.at, 'type', '`by` groups by fields (or functions of fields), not constants');
    return checked && { name: value.at.source.text.slice(value.at.start, value.at.end), value: checked };
  });
  return values.every((v) => v !== undefined) ? (values as NamedValue[]) : undefined;
}

/** A threshold's aggregate, bound, window and grouping; `when` is the rule's condition. */
export function checkThreshold(ctx: CheckContext, item: Threshold, when: IrCondition): Body<'threshold'> | undefined {
  const errors = ctx.errors;
  const aggregate = AGGREGATES.find((a) => a === item.aggregate.text);
  const value = item.field && checkValue(ctx, EVENT_SCOPE, item.field);
  if (aggregate === undefined) ctx.error(item.aggregate.at, 'unknown-function', `unknown aggregate \`${item.aggregate.text}\`; aggregates are count, distinct(field) and sum(field)`);
  else if ((aggregate === 'count') !== (item.field === undefined)) {
    ctx.error(item.aggregate.at, 'arity', aggregate === 'count' ? '`count` takes no field' : `\`${aggregate}\` needs a field: \`${aggregate}(url.host)\``);
  } else if (aggregate === 'sum' && value && !compatible(value.type, 'number')) {
    ctx.error(item.field!.at, 'type', `\`sum\` adds numbers, but ${ctx.quote(item.field!.at)} is ${typeWords(value.type)}`);
  }
  const ms = windowMs(ctx, item.window, item.at);
  const by = groupBy(ctx, item.window);
  if (ctx.errors > errors) return undefined;
  const field = item.field && value && { name: ctx.quote(item.field.at).slice(1, -1), value };
  return { kind: 'threshold', when, aggregate: aggregate!, ...(field && { field }), op: item.op, bound: (item.bound as { value: number }).value, windowMs: ms!, by: by! };
}

function checkSteps(ctx: CheckContext, item: Sequence): Body<'sequence'>['steps'] | undefined {
  const names = item.steps.map((s) => s.name.text);
  if (names.length < MIN_STEPS || names.length > MAX_STEPS) ctx.error(item.at, 'bad-sequence', `a sequence has ${MIN_STEPS} to ${MAX_STEPS} steps, this one has ${names.length}`);
  const steps = item.steps.map((step, i) => {
    if (names.indexOf(step.name.text) < i) ctx.error(step.name.at, 'duplicate', `step \`${step.name.text}\` is declared twice in this sequence`);
    if (FIELD_HEADS.has(step.name.text)) ctx.error(step.name.at, 'bad-sequence', `step name \`${step.name.text}\` is also a field name (or starts one); pick another`);
    const scope: Scope = { steps: names, readable: i, current: i, role: `step \`${step.name.text}\`` };
    const when = checkCondition(ctx, scope, step.condition);
    return when && { name: step.name.text, when };
  });
  return steps.every((s) => s !== undefined) ? steps : undefined;
}

/** A sequence's steps (2 to 8, each reading only earlier steps), `until`, window and grouping. */
export function checkSequence(ctx: CheckContext, item: Sequence): Body<'sequence'> | undefined {
  const errors = ctx.errors;
  const names = item.steps.map((s) => s.name.text);
  const steps = checkSteps(ctx, item);
  const [untilAst, twice] = item.until;
  if (twice) ctx.error(twice.at, 'duplicate', '`until:` is given twice');
  const until = untilAst && checkCondition(ctx, { steps: names, readable: 0, role: '`until:`' }, untilAst.condition);
  const ms = windowMs(ctx, item.window, item.at);
  const by = groupBy(ctx, item.window);
  // A step using a broken macro or list has no checked condition; the error was reported at its definition.
  if (ctx.errors > errors || steps === undefined) return undefined;
  return { kind: 'sequence', steps, ...(until && { until }), windowMs: ms!, by: by! };
}
