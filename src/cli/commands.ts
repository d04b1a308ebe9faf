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
    options: { ...config, events: { type: 'boolean' }, 'fail-on': { type: 'string' } },
    help: `Usage: vigil replay [--config FILE] [--events] [--fail-on SEVERITY] FILE...

Runs recorded OTLP/JSON export requests (ExportTraceServiceRequest or ExportLogsServiceRequest;
one per file, or one per line) through the same pipeline offline, in event-time order, and prints
one JSON line per detection: rule id, title, severity, score, tags, message, group and the
trace/span ids (and time) of every event involved.
  -c, --config FILE   configuration (rules paths, lateness); default as for serve
  --events            also print every normalized event as a JSON line (before the detections):
                      its ids, time, dialect and every normalized field present
  --fail-on SEVERITY  exit 3 when a detection at or above SEVERITY (info, low, medium, high,
                      critical) was raised (for CI)
A summary line goes to stderr: events read, detections by severity. Exit status 1 when a file
cannot be read or is not OTLP/JSON, 2 on a usage error.
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
};

/** The top-level help. */
export const USAGE = `Usage: vigil <command> [options]

Commands:
  serve          run the gateway
  replay FILE... run recorded OTLP/JSON through the pipeline and print detections
  rules check    compile rules and report errors
  rules test     run the rules' test cases

Run 'vigil <command> --help' for a command's options.
`;
