import type { FieldValue } from '../any-value.js';
import { asRecord, messageContent, spanEvents } from './decode.js';
import type { DeriveContext } from './dialect.js';

const DETAILS_EVENT = 'gen_ai.client.inference.operation.details';

/** The deprecated GenAI events, as log records or span events: which field their content feeds. */
const LEGACY_EVENTS: Readonly<Record<string, 'prompt' | 'completion' | 'tool.result'>> = {
  'gen_ai.system.message': 'prompt',
  'gen_ai.user.message': 'prompt',
  'gen_ai.assistant.message': 'completion',
  'gen_ai.choice': 'completion',
  'gen_ai.tool.message': 'tool.result',
};

/**
 * `gen_ai.input.messages` / `gen_ai.output.messages` in the conventions' parts format: text parts
 * become the prompt and completion; on a tool span the tool_call part is the call and the
 * tool_call_response part (`response`, or `result` as the registry example writes) its result.
 * A list that does not decode is kept as the text it is.
 */
export function readMessages(ctx: DeriveContext, input: FieldValue, output: FieldValue): void {
  const isTool = ctx.get('operation') === 'execute_tool';
  for (const [value, field] of [[input, 'prompt'], [output, 'completion']] as const) {
    if (value == null) continue;
    const content = messageContent(value);
    if (content === undefined) {
      ctx.set(field, value);
      continue;
    }
    if (content.texts.length > 0) ctx.replace(field, content.texts.join('\n'));
    if (!isTool) continue;
    const call = content.toolCalls[0];
    if (call !== undefined) {
      ctx.set('tool.name', call.name);
      ctx.set('tool.args', call.arguments);
    }
    if (content.toolResponses.length > 0) ctx.set('tool.result', content.toolResponses[0]);
  }
}

/**
 * Content carried by events rather than attributes: the deprecated message events (as log records
 * with a `{content}` / `{message}` body, or as span events) and the inference details event
 * recorded on a span. On a tool span the legacy tool message holds the arguments and the choice
 * the result (Strands' layout).
 */
export function readEventContent(ctx: DeriveContext): void {
  const legacy = LEGACY_EVENTS[ctx.event.eventName];
  if (legacy !== undefined) {
    const body = asRecord(ctx.event.logBody);
    const content = body?.content ?? asRecord(body?.message)?.content;
    if (typeof content === 'string' && content !== '') ctx.replace(legacy, content);
  }
  if (ctx.event.span?.events === undefined || ctx.event.span.events.length === 0) return;
  const isTool = ctx.get('operation') === 'execute_tool';
  for (const event of spanEvents(ctx.event.span)) {
    const attributes = event.attributes;
    if (event.name === DETAILS_EVENT) {
      readMessages(ctx, attributes['gen_ai.input.messages'], attributes['gen_ai.output.messages']);
      continue;
    }
    const field = LEGACY_EVENTS[event.name];
    if (field === undefined) continue;
    const content = attributes.content ?? attributes.message;
    if (!isTool) ctx.set(field, asRecord(content)?.content ?? content);
    else if (event.name === 'gen_ai.tool.message') ctx.set('tool.args', content);
    else if (event.name === 'gen_ai.choice') ctx.set('tool.result', content);
  }
}
