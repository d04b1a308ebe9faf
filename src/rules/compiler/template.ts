import type { AgentEvent } from '../../event/index.js';
import type { ValueCompiler } from './codegen-value.js';
import type { Template } from './ir.js';
import { asText } from './values.js';

/** Renders a message for the event that completed a detection (and, for a sequence, every step's event). */
export type MessageRenderer = (event: AgentEvent, steps?: readonly AgentEvent[]) => string;

/** A template's renderer; an absent field renders as nothing. Without a template the title is the message. */
export function compileTemplate(template: Template | undefined, title: string, values: ValueCompiler): MessageRenderer {
  if (template === undefined) return () => title;
  const parts = template.map((part) => (typeof part === 'string' ? part : values.compile(part)));
  return (event, steps) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : asText(part(event, steps)) ?? '';
    return out;
  };
}
