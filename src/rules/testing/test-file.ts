import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { EventCase } from './event-from-case.js';

/** One case of a test file, checked for shape. */
export type RuleTestCase =
  | { readonly rule: string; readonly kind: 'match' | 'no_match'; readonly index: number; readonly event: EventCase }
  | { readonly rule: string; readonly kind: 'events'; readonly events: readonly EventCase[]; readonly expect: number };

/** A test file: its cases, and what in it is malformed (each problem fails as a case of its own). */
export interface RuleTestFile {
  readonly cases: readonly RuleTestCase[];
  readonly problems: readonly string[];
}

// A map is taken as an event; eventFromCase refuses the keys and values the format does not know.
const isMap = (value: unknown): value is EventCase & Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

function eventList(value: unknown, where: string, problems: string[]): readonly EventCase[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every(isMap)) {
    problems.push(`${where} must be a list of events (maps)`);
    return [];
  }
  return value;
}

/** The cases of one entry of the file's top-level list. */
function casesOf(entry: unknown, n: number, problems: string[]): RuleTestCase[] {
  const where = `case ${n}`;
  if (!isMap(entry) || typeof entry.rule !== 'string' || entry.rule === '') {
    problems.push(`${where}: \`rule\` (the rule id) is missing`);
    return [];
  }
  const rule = entry.rule;
  const known = problems.length;
  const cases: RuleTestCase[] = [];
  for (const kind of ['match', 'no_match'] as const) {
    eventList(entry[kind], `${where} (${rule}): \`${kind}\``, problems).forEach((event, i) => cases.push({ rule, kind, index: i + 1, event }));
  }
  if (entry.events !== undefined) {
    const events = eventList(entry.events, `${where} (${rule}): \`events\``, problems);
    const expect = entry.expect;
    if (typeof expect !== 'number' || !Number.isInteger(expect) || expect < 0) problems.push(`${where} (${rule}): \`expect\` must be a whole number of detections`);
    else if (events.length > 0) cases.push({ rule, kind: 'events', events, expect });
  }
  if (cases.length === 0 && problems.length === known) problems.push(`${where} (${rule}): no \`match\`, \`no_match\` or \`events\``);
  return cases;
}

/** Reads and checks one `*.test.yaml` file. */
export async function readRuleTestFile(file: string): Promise<RuleTestFile> {
  let document: unknown;
  try {
    document = parse(await readFile(file, 'utf8'));
  } catch (error) {
    return { cases: [], problems: [`cannot read the file: ${(error as Error).message}`] };
  }
  if (!Array.isArray(document)) return { cases: [], problems: ['the file must be a list of cases'] };
  const problems: string[] = [];
  const cases = document.flatMap((entry, i) => casesOf(entry, i + 1, problems));
  return { cases, problems };
}
