import { readFile } from 'node:fs/promises';
import { RecentSink, StreamSink } from '../alerts/index.js';
import { parseDuration } from '../config/index.js';
import { eventsFromLogs, eventsFromTraces, type AgentEvent } from '../event/index.js';
import { DetectionStage, type SignalBatch } from '../pipeline/index.js';
import { logsRequestFromJson, traceRequestFromJson } from '../otlp/index.js';
import { formatDiagnostic, hasErrors, loadRuleSet, RulesEngine, SEVERITIES, type Detection, type Severity } from '../rules/index.js';
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
  const failOn = flags['fail-on'];
  if (failOn !== undefined && !SEVERITIES.includes(failOn as Severity)) {
    process.stderr.write(`vigil replay: --fail-on takes one of ${SEVERITIES.join(', ')} (got '${String(failOn)}')\n`);
    return 2;
  }
  const { config, resolvePath } = commandConfig(flags);
  // The input first: a file that cannot be read fails before the rules are compiled.
  const batches: SignalBatch[] = [];
  try {
    for (const file of files) batches.push(...batchesOf(await readText(file), file));
  } catch (error) {
    process.stderr.write(`vigil replay: ${(error as Error).message}\n`);
    return 1;
  }
  const ruleSet = await loadRuleSet(config.rules.paths.map(resolvePath));
  if (hasErrors(ruleSet.diagnostics)) {
    for (const diagnostic of ruleSet.diagnostics) process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
    return 1;
  }
  const events: AgentEvent[] = batches.flatMap((b) => b.events).sort((a, b) => a.timeMs - b.timeMs);

  const collected = new RecentSink(Number.MAX_SAFE_INTEGER);
  const metrics = new Metrics({ processMetrics: false });
  const engine = new RulesEngine(ruleSet.rules, {
    store: createStateStore(config.rules.state),
    latenessMs: parseDuration(config.rules.lateness) ?? 0,
    maxEventsPerDetection: config.rules.max_events_per_detection,
  });
  const latenessMs = parseDuration(config.rules.lateness) ?? 0;
  const stage = new DetectionStage({ engine: () => engine, sinks: [collected], metrics, redactSecrets: config.annotate.redact_secrets, sessionWaitMs: latenessMs / 2 });
  // Fed in time order, in batches spanning well under the lateness, as live traffic arrives.
  for (const chunk of timeChunks(events, latenessMs / 2)) {
    await stage.consume({ signal: chunk[0].signal, transport: 'replay', request: {}, events: chunk });
  }
  await stage.flush();
  // After the pipeline, so each event shows the session its trace gave it.
  if (flags.events === true) for (const event of events) process.stdout.write(`${JSON.stringify(describeEvent(event))}\n`);
  const detections = [...collected.recent()].sort((a, b) => a.timeMs - b.timeMs);
  new StreamSink(process.stdout).write(detections);
  process.stderr.write(`${summary(events.length, detections)}\n`);
  const threshold = failOn === undefined ? Infinity : SEVERITIES.indexOf(failOn as Severity);
  return detections.some((d) => SEVERITIES.indexOf(d.severity) >= threshold) ? 3 : 0;
}

/** A file's text, with a message naming the file when it cannot be read. */
async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (error as Error).message})`);
  }
}

/** `vigil replay: 42 events, 3 detections (critical 1, high 2)`. */
function summary(events: number, detections: readonly Detection[]): string {
  const counts = [...SEVERITIES].reverse().map((severity) => [severity, detections.filter((d) => d.severity === severity).length] as const);
  const bySeverity = counts.filter(([, n]) => n > 0).map(([severity, n]) => `${severity} ${n}`).join(', ');
  return `vigil replay: ${events} event${events === 1 ? '' : 's'} read, ${detections.length} detection${detections.length === 1 ? '' : 's'}${bySeverity ? ` (${bySeverity})` : ''}`;
}
