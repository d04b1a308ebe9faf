import { FIELD_NAMES, MAP_FIELDS, resolveField, resolveMapField, type FieldAccessor } from '../../event/index.js';
import type { Call, Reference, Value } from './ast.js';
import type { CheckContext, Scope } from './check-context.js';
import { checkBoundReference } from './check-quantifier.js';
import { FUNCTIONS } from './functions/index.js';
import type { IrValue } from './ir.js';
import { didYouMean } from './suggest.js';
import { compatible, type ValueType } from './values.js';

/** A type in words, for messages. */
export function typeWords(type: ValueType): string {
  return { string: 'text', number: 'a number', boolean: 'a boolean', any: 'any value', list: 'a list (test its elements with `any` or `all`)' }[type];
}

const accessorOf = (name: string, key: string | undefined): FieldAccessor | undefined =>
  key === undefined ? resolveField(name) : resolveMapField(name, key);

function unknownReference(ctx: CheckContext, scope: Scope, ref: Reference): undefined {
  const { name, key, at } = ref;
  if (key !== undefined) return ctx.error(at, 'unknown-field', `unknown map \`${name}\`; maps are ${MAP_FIELDS.map((m) => `${m}["…"]`).join(', ').replace(/, ([^,]*)$/, ' and $1')}`);
  if (ctx.list(name)) return ctx.error(at, 'type', `\`${name}\` is a list; a list goes on the right of \`in\`, \`==\` or a string operator`);
  if (ctx.collected.macros.has(name)) return ctx.error(at, 'type', `\`${name}\` is a macro (a condition), not a value`);
  const dot = name.indexOf('.');
  if (scope.steps.length > 0 && dot > 0 && resolveField(name.slice(dot + 1))) {
    const readable = scope.steps.slice(0, scope.readable);
    return ctx.error(at, 'unknown-step', `unknown step \`${name.slice(0, dot)}\` (${readable.length ? `steps before this one: ${readable.join(', ')}` : 'no step comes before this one'})`);
  }
  const hint = didYouMean(name, FIELD_NAMES) || `; a raw attribute is read as attributes["${name}"]`;
  return ctx.error(at, 'unknown-field', `unknown field \`${name}\`${hint}`);
}

/** Resolves a field, a map entry or a step's field. */
export function checkReference(ctx: CheckContext, scope: Scope, ref: Reference): IrValue | undefined {
  const bound = checkBoundReference(ctx, scope, ref);
  if (bound !== null) return bound;
  const dot = ref.name.indexOf('.');
  const step = dot > 0 ? scope.steps.indexOf(ref.name.slice(0, dot)) : -1;
  const name = step >= 0 ? ref.name.slice(dot + 1) : ref.name;
  if (step >= scope.readable) {
    const why =
      scope.current === undefined ? 'it reads only its own event' : step === scope.current ? `write its own fields without \`${scope.steps[step]}.\`` : 'that step is matched after it';
    return ctx.error(ref.at, 'step-order', `${scope.role} cannot read step \`${scope.steps[step]}\`: ${why}`);
  }
  const accessor = accessorOf(name, ref.key);
  if (accessor === undefined) return step >= 0 ? unknownReference(ctx, { ...scope, steps: [] }, { ...ref, name }) : unknownReference(ctx, scope, ref);
  return {
    kind: 'field',
    type: accessor.type,
    name,
    ...(ref.key !== undefined && { key: ref.key }),
    read: accessor.get,
    ...(step >= 0 && { step }),
    ...(accessor.element && { element: accessor.element }),
  };
}

function checkCall(ctx: CheckContext, scope: Scope, call: Call): IrValue | undefined {
  const args = call.args.map((arg) => checkValue(ctx, scope, arg));
  const fn = FUNCTIONS.get(call.name);
  if (fn === undefined) return ctx.error(call.nameAt, 'unknown-function', `unknown function \`${call.name}\`${didYouMean(call.name, FUNCTIONS.keys())}`);
  const min = fn.params.length;
  if (args.length < min || (fn.rest === undefined && args.length > min)) {
    const count = `${fn.rest === undefined ? '' : 'at least '}${min} argument${min === 1 ? '' : 's'}`;
    return ctx.error(call.at, 'arity', `\`${fn.name}\` takes ${count}, got ${args.length}`);
  }
  const typed = args.filter((arg, i) => {
    const expected = fn.params[i] ?? fn.rest!;
    if (arg === undefined || compatible(arg.type, expected)) return arg !== undefined;
    return ctx.error(call.args[i].at, 'type', `\`${fn.name}\` takes ${typeWords(expected)}, but ${ctx.quote(call.args[i].at)} is ${typeWords(arg.type)}`);
  });
  return typed.length === args.length ? { kind: 'call', type: fn.returns, fn, args: typed as IrValue[] } : undefined;
}

/** Resolves and types a value; undefined (with a diagnostic) when it is wrong. */
export function checkValue(ctx: CheckContext, scope: Scope, value: Value): IrValue | undefined {
  switch (value.kind) {
    case 'reference':
      return checkReference(ctx, scope, value);
    case 'call':
      return checkCall(ctx, scope, value);
    case 'string':
      return { kind: 'const', type: 'string', value: value.value };
    case 'number':
      return { kind: 'const', type: 'number', value: value.value };
    case 'boolean':
      return { kind: 'const', type: 'boolean', value: value.value };
    case 'duration':
      return ctx.error(value.at, 'type', 'a duration is only for `within`');
    case 'regex':
      return ctx.error(value.at, 'type', 'a regular expression goes on the right of `matches`');
  }
}
