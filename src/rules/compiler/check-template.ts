import type { Literal } from './ast.js';
import type { CheckContext, Scope } from './check-context.js';
import { checkReference } from './check-value.js';
import type { IrValue, Template } from './ir.js';

type StringLiteral = Extract<Literal, { kind: 'string' }>;

// `{tool.name}`, `{attributes["k"]}`, `{attributes['k']}`, `{secret.file.path}`.
const PLACEHOLDER = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:[.-][A-Za-z0-9_]+)*)\s*(?:\[\s*(?:"([^"]*)"|'([^']*)')\s*\])?\s*$/;

/**
 * Splits a message template into text and field values: `{field}` interpolates, `{{` and `}}`
 * are literal braces. Each placeholder is resolved now, so a misspelt field is a compile error
 * pointing at the placeholder, not an empty spot in an alert.
 */
export function checkTemplate(ctx: CheckContext, scope: Scope, literal: StringLiteral): Template | undefined {
  const { value: text, offsets, at } = literal;
  const spanOf = (from: number, to: number) => ({ source: at.source, start: offsets[from], end: offsets[to] });
  const parts: (string | IrValue)[] = [];
  let plain = '';
  let ok = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === '{' || c === '}') && text[i + 1] === c) {
      plain += c;
      i++;
      continue;
    }
    if (c !== '{') {
      plain += c;
      continue;
    }
    const close = text.indexOf('}', i);
    if (close < 0) {
      ctx.error(spanOf(i, i + 1), 'bad-template', 'unclosed `{` in the message (write `{{` for a brace)');
      return undefined;
    }
    const match = PLACEHOLDER.exec(text.slice(i + 1, close));
    const span = spanOf(i, close + 1);
    const key = match?.[2] ?? match?.[3];
    const value = match
      ? checkReference(ctx, scope, { kind: 'reference', name: match[1], ...(key !== undefined && { key }), at: span })
      : ctx.error(span, 'bad-template', `${ctx.quote(span)} is not a field; a placeholder is {field} or {attributes["key"]}`);
    if (value === undefined) ok = false;
    else {
      if (plain) parts.push(plain);
      parts.push(value);
      plain = '';
    }
    i = close;
  }
  if (plain) parts.push(plain);
  return ok ? parts : undefined;
}
