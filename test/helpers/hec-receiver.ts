import type { ReceivedRequest, Reply } from './http-receiver.js';

/** HEC's event body: JSON objects one after another (whitespace between them optional). */
export function splitHecEvents(body: string): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' && depth++ === 0) start = i;
    else if (c === '}' && --depth === 0) events.push(JSON.parse(body.slice(start, i + 1)) as Record<string, unknown>);
  }
  return events;
}

/**
 * A Splunk HTTP Event Collector: checks the token, parses the events of /services/collector/event
 * and, with indexer acknowledgement, hands out ack ids per channel and confirms each after
 * `pendingPolls` polls of /services/collector/ack.
 */
export class HecStore {
  readonly events: Record<string, unknown>[] = [];
  private nextAck = 0;
  private readonly polls = new Map<number, number>();

  constructor(private readonly token: string, private readonly pendingPolls = 1) {}

  readonly respond = (request: ReceivedRequest): Reply => {
    if (request.headers.authorization !== `Splunk ${this.token}`) return { status: 403, body: '{"text":"Invalid token","code":4}' };
    if (request.url === '/services/collector/ack') {
      const { acks } = JSON.parse(request.body.toString()) as { acks: number[] };
      const answer = Object.fromEntries(acks.map((id) => {
        const seen = (this.polls.get(id) ?? 0) + 1;
        this.polls.set(id, seen);
        return [String(id), seen > this.pendingPolls];
      }));
      return { status: 200, body: JSON.stringify({ acks: answer }) };
    }
    if (request.url !== '/services/collector/event') return { status: 404, body: '{"text":"not found","code":404}' };
    let events: Record<string, unknown>[];
    try {
      events = splitHecEvents(request.body.toString());
    } catch {
      return { status: 400, body: '{"text":"Invalid data format","code":6}' };
    }
    this.events.push(...events);
    const channel = request.headers['x-splunk-request-channel'];
    return { status: 200, body: JSON.stringify(channel ? { text: 'Success', code: 0, ackId: this.nextAck++ } : { text: 'Success', code: 0 }) };
  };
}
