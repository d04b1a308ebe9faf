import type { AgentEvent } from '../../event/index.js';
import { attributesObject, compact, durationNanos, nanosToIso, spanEvents, spanLinks } from './plain-otlp.js';
import type { Risk } from './risk.js';

const OUTCOMES: Readonly<Record<string, string>> = { ok: 'success', error: 'failure', unset: 'unknown' };
const LEVELS = ['none', 'info', 'low', 'medium', 'high', 'critical'];

/** ECS `event.category` values from what the event did. */
function categories(event: AgentEvent): string[] {
  const out: string[] = [];
  if (event.normalizedField('command') !== undefined) out.push('process');
  if (event.normalizedField('file.path') !== undefined) out.push('file');
  if (event.normalizedField('url') !== undefined || event.normalizedField('url.host') !== undefined) out.push('network');
  return out;
}

/**
 * The ECS-style document of an event: the ECS fields a SIEM's detections and dashboards read
 * (event.*, rule.*, threat.*, trace.id, user.id, process.command_line, url.full, file.path) and,
 * beside them, every original value under `attributes`, `resource.attributes`, `scope.*`,
 * `span.*` / `log.*`, `body`, `events` and `links`, so nothing the agent sent is lost.
 */
export function ecsFields(event: AgentEvent, id: string, risk: Risk, message: string): Record<string, unknown> {
  const span = event.span;
  const field = (name: Parameters<AgentEvent['normalizedField']>[0]) => event.normalizedField(name);
  const techniques = [...risk.attack, ...risk.atlas];
  return compact({
    '@timestamp': nanosToIso(event.timeUnixNano),
    message,
    'event.id': id,
    'event.kind': risk.rules.length > 0 ? 'alert' : 'event',
    'event.category': categories(event),
    'event.action': event.name,
    'event.module': 'vigil',
    'event.dataset': event.signal === 'span' ? 'vigil.spans' : 'vigil.logs',
    'event.severity': Math.max(0, LEVELS.indexOf(risk.level)),
    'event.risk_score': risk.score,
    'event.outcome': span !== undefined ? OUTCOMES[event.statusCode] : undefined,
    'event.start': span !== undefined ? nanosToIso(span.startTimeUnixNano) : undefined,
    'event.end': span !== undefined ? nanosToIso(span.endTimeUnixNano) : undefined,
    'event.duration': span !== undefined ? durationNanos(span) : undefined,
    'rule.id': risk.rules,
    'threat.framework': [...(risk.attack.length > 0 ? ['MITRE ATT&CK'] : []), ...(risk.atlas.length > 0 ? ['MITRE ATLAS'] : [])],
    'threat.technique.id': techniques,
    'trace.id': event.traceId,
    'span.id': event.spanId,
    'parent.id': event.parentSpanId,
    'service.name': event.resourceAttribute('service.name'),
    'host.name': event.resourceAttribute('host.name'),
    'user.id': field('user.id'),
    'session.id': field('session.id'),
    'process.command_line': field('command'),
    'process.exit_code': field('process.exit_code'),
    'url.full': field('url'),
    'url.domain': field('url.host'),
    'file.path': field('file.path'),
    'http.request.method': field('http.method'),
    'http.response.status_code': field('http.status_code'),
    'gen_ai.operation.name': field('operation'),
    'gen_ai.tool.name': field('tool.name'),
    'gen_ai.agent.name': field('agent.name'),
    'gen_ai.agent.id': field('agent.id'),
    'gen_ai.request.model': field('model'),
    'error.message': event.statusCode === 'error' ? event.statusMessage : undefined,
    'log.level': event.severityText,
    'log.severity_number': event.log !== undefined ? event.severityNumber : undefined,
    'span.name': span?.name,
    'span.kind': span !== undefined ? event.kind : undefined,
    'log.event_name': event.eventName,
    body: event.log !== undefined ? event.body : undefined,
    attributes: attributesObject((span ?? event.log)?.attributes),
    'resource.attributes': attributesObject(event.resource?.attributes),
    'scope.name': event.scope?.name,
    'scope.version': event.scope?.version,
    events: spanEvents(span?.events),
    links: spanLinks(span?.links),
  });
}
