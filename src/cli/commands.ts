import type { ParseArgsConfig } from 'node:util';

/** One CLI command: its flags, its help text and what it runs. */
export interface Command {
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly help: string;
  readonly run: (flags: Record<string, string | boolean | undefined>, positionals: string[]) => Promise<number>;
}

const config = { config: { type: 'string', short: 'c' } } as const;

/** Every command, by its words. Each module is loaded only when its command runs. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  serve: {
    options: config,
    help: `Usage: vigil serve [--config FILE]

Runs the gateway: OTLP receivers, rules, annotation, detections, ops endpoints.
  -c, --config FILE   configuration file (default: $VIGIL_CONFIG, else ./config.yaml)
Signals: SIGTERM/SIGINT drain and stop; SIGHUP reloads the rules.
`,
    run: async (flags) => (await import('./serve.js')).serve(flags),
  },
  replay: {
    options: { ...config, events: { type: 'boolean' } },
    help: `Usage: vigil replay [--config FILE] [--events] FILE...

Runs recorded OTLP/JSON export requests (ExportTraceServiceRequest or ExportLogsServiceRequest;
one per file, or one per line) through the same pipeline offline, in event-time order, and prints
one JSON line per detection: rule id, title, severity, score, tags, message, group and the
trace/span ids (and time) of every event involved.
  -c, --config FILE   configuration (rules paths, lateness); default as for serve
  --events            also print every normalized event as a JSON line (before the detections)
`,
    run: async (flags, files) => (await import('./replay.js')).replay(flags, files),
  },
  'rules check': {
    options: config,
    help: `Usage: vigil rules check [--config FILE] [PATH...]

Compiles the rules (default: rules.paths from the configuration) and prints every error as
file:line:column with the offending line. Exit status 1 on any error.
`,
    run: async (flags, paths) => (await import('./rules.js')).check(flags, paths),
  },
  'rules test': {
    options: config,
    help: `Usage: vigil rules test [--config FILE] [PATH...]

Runs the rule test cases (*.test.yaml beside the rules, or the files named) against the compiled
rule set. The last line is "N passed, N failed"; exit status 1 when any failed.
`,
    run: async (flags, paths) => (await import('./rules.js')).test(flags, paths),
  },
  'audit verify': {
    options: { ...config, key: { type: 'string' } },
    help: `Usage: vigil audit verify [--config FILE] [--key PUBLIC.pem] [DIR]

Verifies the audit trail (default: audit.dir) against the signing key's public half (default:
audit.public_key_path): every digest's signature and chain, every segment against its digest,
every record's hash and link. Prints OK (exit 0) or each problem found (exit 1): a modified,
deleted, inserted or reordered record, a truncated or missing segment, a forged or missing
digest, a wrong key.
`,
    run: async (flags, dirs) => (await import('./audit.js')).verify(flags, dirs),
  },
  'audit query': {
    options: { ...config, since: { type: 'string' }, until: { type: 'string' }, session: { type: 'string' }, rule: { type: 'string' }, actor: { type: 'string' } },
    help: `Usage: vigil audit query [--config FILE] [--since T] [--until T] [--session ID] [--rule ID] [--actor WHO] [DIR]

Prints the audit records matching every filter given, oldest first, one JSON line each.
T is an ISO time or a duration meaning that long ago (30m, 2h, 7d).
`,
    run: async (flags, dirs) => (await import('./audit.js')).query(flags, dirs),
  },
};

/** The top-level help. */
export const USAGE = `Usage: vigil <command> [options]

Commands:
  serve          run the gateway
  replay FILE... run recorded OTLP/JSON through the pipeline and print detections
  rules check    compile rules and report errors
  rules test     run the rules' test cases
  audit verify   check the audit trail's records, segments and signed digests
  audit query    print matching audit records as JSON lines

Run 'vigil <command> --help' for a command's options.
`;
