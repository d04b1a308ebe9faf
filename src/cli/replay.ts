import { readFile } from 'node:fs/promises';
import { RecentSink, StreamSink } from '../alerts/index.js';
import { parseDuration } from '../config/index.js';
import { eventsFromLogs, eventsFromTraces, type AgentEvent } from '../event/index.js';
import { DetectionStage, type SignalBatch } from '../pipeline/index.js';
import { logsRequestFromJson, traceRequestFromJson } from '../otlp/index.js';
import { formatDiagnostic, hasErrors, loadRuleSet, RulesEngine } from '../rules/index.js';
import { createStateStore } from '../store/index.js';
import { Metrics } from '../telemetry/metrics.js';
import { describeEvent } from './describe-event.js';
import { commandConfig } from './config-path.js';

const LOGS_DOCUMENT = /"resource_?logs"\s*:/i;

/** The export requests of one recording: the whole file as one JSON document, else one per line. */
function batchesOf(text: string, file: string): SignalBatch[] {
  let documents: string[];
  try {
    JSON.parse(text);
    documents = [text];
  } catch {
    documents = text.split('\n').filter((line) => line.trim() !== '');
  }
  return documents.map((document, i) => {
    try {
      if (LOGS_DOCUMENT.test(document)) {
        const request = logsRequestFromJson(document);
        return { signal: 'log', transport: 'replay', request, events: eventsFromLogs(request) };
      }
      const request = traceRequestFromJson(document);
      return { signal: 'span', transport: 'replay', request, events: eventsFromTraces(request) };
    } catch (error) {
      throw new Error(`${file}${documents.length > 1 ? `:${i + 1}` : ''}: ${(error as Error).message}`);
    }
  });
}

const MAX_CHUNK = 512;

/** Consecutive runs of time-ordered events, each at most `spanMs` wide and MAX_CHUNK long. */
function timeChunks(events: readonly AgentEvent[], spanMs: number): AgentEvent[][] {
  const chunks: AgentEvent[][] = [];
  for (const event of events) {
    const last = chunks[chunks.length - 1];
    if (last !== undefined && last.length < MAX_CHUNK && event.timeMs - last[0].timeMs <= spanMs) last.push(event);
    else chunks.push([event]);
  }
  return chunks;
}

/**
 * `vigil replay`: every recorded request through the same rules, annotation and sinks as `serve`,
 * with all events in event-time order (so recordings made in any order give the same detections),
 * printing one JSON line per detection.
 */
export async function replay(flags: Record<string, string | boolean | undefined>, files: string[]): Promise<number> {
  if (files.length === 0) {
    process.stderr.write('vigil replay: name at least one recording (OTLP/JSON)\n');
    return 2;
  }
  const { config, resolvePath } = commandConfig(flags);
  const ruleSet = await loadRuleSet(config.rules.paths.map(resolvePath));
  if (hasErrors(ruleSet.diagnostics)) {
    for (const diagnostic of ruleSet.diagnostics) process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
    return 1;
  }
  const batches: SignalBatch[] = [];
  for (const file of files) batches.push(...batchesOf(await readFile(file, 'utf8'), file));
  const events: AgentEvent[] = batches.flatMap((b) => b.events).sort((a, b) => a.timeMs - b.timeMs);
  if (flags.events === true) for (const event of events) process.stdout.write(`${JSON.stringify(describeEvent(event))}\n`);

  const collected = new RecentSink(Number.MAX_SAFE_INTEGER);
  const metrics = new Metrics({ processMetrics: false });
  const engine = new RulesEngine(ruleSet.rules, {
    store: createStateStore(config.rules.state),
    latenessMs: parseDuration(config.rules.lateness) ?? 0,
    maxEventsPerDetection: config.rules.max_events_per_detection,
  });
  const stage = new DetectionStage({ engine: () => engine, sinks: [collected], metrics, redactSecrets: config.annotate.redact_secrets });
  // Fed in time order, in batches spanning well under the lateness, as live traffic arrives.
  for (const chunk of timeChunks(events, (parseDuration(config.rules.lateness) ?? 0) / 2)) {
    await stage.consume({ signal: chunk[0].signal, transport: 'replay', request: {}, events: chunk });
  }
  new StreamSink(process.stdout).write([...collected.recent()].sort((a, b) => a.timeMs - b.timeMs));
  return 0;
}
