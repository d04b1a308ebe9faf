import { boundValue, DEFAULT_BOUNDS } from '../audit/index.js';
import { redactSecrets } from '../annotate/index.js';
import type { Detection } from '../rules/index.js';

/** Longest detection message kept, in characters; a message is a summary, the events hold the rest. */
export const MAX_MESSAGE_CHARS = 1024;
// Redaction reads at most this much of a message, so a 15 MB command costs no more than a short one.
const REDACT_WINDOW = 8 * MAX_MESSAGE_CHARS;
const GROUP_BOUNDS = { ...DEFAULT_BOUNDS, maxString: 256 };

/**
 * A detection as it may leave Vigil: its message redacted like span attributes (when redaction is
 * on) and cut with a marker, its group values bounded. Messages are built from attacker-controlled
 * text, so without this one span can make a detection as large as its command.
 */
export function boundDetection(detection: Detection, redact: boolean): Detection {
  const { message } = detection;
  const window = message.length > REDACT_WINDOW ? message.slice(0, REDACT_WINDOW) : message;
  const clean = redact ? redactSecrets(window) : window;
  const cut = clean.length > MAX_MESSAGE_CHARS || message.length > window.length;
  const bounded = cut ? `${clean.slice(0, MAX_MESSAGE_CHARS)}…[truncated ${message.length - Math.min(clean.length, MAX_MESSAGE_CHARS)} chars]` : clean;
  if (bounded === message && Object.values(detection.group).every((v) => v.length <= GROUP_BOUNDS.maxString)) return detection;
  return { ...detection, message: bounded, group: boundValue(detection.group, GROUP_BOUNDS) as Detection['group'] };
}
