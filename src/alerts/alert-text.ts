import type { Alert } from './alert.js';

/** One alert's title line: severity, rule, what happened, and how many repeats it stands for. */
export function alertTitle(alert: Alert): string {
  const { detection } = alert;
  const state = alert.action === 'resolve' ? 'RESOLVED ' : '';
  const repeats = alert.count > 1 ? ` (${alert.count} times)` : '';
  return `${state}[${detection.severity.toUpperCase()}] ${detection.ruleId}: ${detection.message || detection.title}${repeats}`;
}

/** The facts a person acts on, as label/value pairs, empty ones left out. */
export function alertFacts(alert: Alert): [string, string][] {
  const { detection, context } = alert;
  const pairs: [string, string][] = [
    ['Rule', `${detection.ruleId} — ${detection.title}`],
    ['Severity', detection.severity],
    ['Session', context.session],
    ['Agent', context.agent],
    ['User', context.user],
    ['Tool', context.tool],
    ['Command', context.command],
    ['URL', context.url],
    ['File', context.filePath],
    ['Trace id', context.traceId],
    ['Count', alert.count > 1 ? String(alert.count) : ''],
    ['Time', new Date(alert.lastMs).toISOString()],
    ['Tags', detection.tags.join(', ')],
  ];
  return pairs.filter(([, value]) => value !== '');
}

/** An alert as plain text (email bodies, digests). */
export function alertText(alert: Alert): string {
  return [alertTitle(alert), ...alertFacts(alert).map(([label, value]) => `  ${label}: ${value}`)].join('\n');
}
