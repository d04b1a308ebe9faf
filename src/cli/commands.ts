import type { ParseArgsConfig } from 'node:util';

/** One CLI command: its flags, its help text and what it runs. */
export interface Command {
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly help: string;
  readonly run: (flags: Record<string, string | boolean | undefined>, positionals: string[]) => Promise<number>;
}

const config = { config: { type: 'string', short: 'c' } } as const;
// Commands that talk to a running gateway's admin API.
const admin = { ...config, admin: { type: 'string' }, 'token-file': { type: 'string' } } as const;
const ADMIN_HELP = `  -c, --config FILE   the gateway's configuration: its admin listener is called (default as for serve)
  --admin URL         call this admin listener instead (http://HOST:PORT)
  --token-file FILE   admin token (default: $VIGIL_ADMIN_TOKEN); an operator token to change flags
`;
const hookFlags = { ...config, home: { type: 'string' }, file: { type: 'string' }, url: { type: 'string' }, 'fail-open': { type: 'boolean' }, timeout: { type: 'string' } } as const;
const HOOK_HELP = `Agents: claude-code, codex, gemini-cli, copilot-cli, cursor.
  --home DIR          the user's home directory (default: $HOME); the agent's user settings live under it
  --file FILE         write this settings file instead (a managed or project settings file)
  --url URL           Vigil's OTLP/HTTP address (default: receivers.otlp.http of the configuration)
  --fail-open         when Vigil cannot answer, let the call through (default: block it)
  --timeout SECONDS   the agent's hook timeout (default 10); the hook gives up a second earlier
`;

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
  'hooks install': {
    options: hookFlags,
    help: `Usage: vigil hooks install AGENT [--home DIR | --file FILE] [--url URL] [--fail-open]

Adds Vigil's pre-tool hook to the agent's settings, keeping every other hook; running it again
changes nothing.
${HOOK_HELP}`,
    run: async (flags, agents) => (await import('./hooks.js')).install(flags, agents),
  },
  'hooks uninstall': {
    options: hookFlags,
    help: `Usage: vigil hooks uninstall AGENT [--home DIR | --file FILE]

Removes Vigil's hook from the agent's settings; other hooks stay.
${HOOK_HELP}`,
    run: async (flags, agents) => (await import('./hooks.js')).uninstall(flags, agents),
  },
  'hooks status': {
    options: hookFlags,
    help: `Usage: vigil hooks status [AGENT...] [--home DIR | --file FILE]

Shows where Vigil's hook is installed; exit status 1 when a named agent has none.
${HOOK_HELP}`,
    run: async (flags, agents) => (await import('./hooks.js')).status(flags, agents),
  },
  'session pause': {
    options: { ...admin, reason: { type: 'string' }, duration: { type: 'string' } },
    help: `Usage: vigil session pause ID --reason TEXT [--duration 1h] [--config FILE]

Pauses a session on every gateway sharing the state: its pre-action checks are denied until the
pause expires (--duration, default the gateway's enforce.pause_duration) or it is resumed.
${ADMIN_HELP}`,
    run: async (flags, ids) => (await import('./session.js')).flagSession('pause', flags, ids),
  },
  'session kill': {
    options: { ...admin, reason: { type: 'string' } },
    help: `Usage: vigil session kill ID --reason TEXT [--config FILE]

Kills a session: its pre-action checks are denied until \`vigil session resume\`.
${ADMIN_HELP}`,
    run: async (flags, ids) => (await import('./session.js')).flagSession('kill', flags, ids),
  },
  'session resume': {
    options: admin,
    help: `Usage: vigil session resume ID [--config FILE]

Clears a session's pause or kill.
${ADMIN_HELP}`,
    run: async (flags, ids) => (await import('./session.js')).resumeSession(flags, ids),
  },
  'killswitch on': {
    options: { ...admin, reason: { type: 'string' }, agent: { type: 'string' }, user: { type: 'string' } },
    help: `Usage: vigil killswitch on --reason TEXT [--agent ID | --user ID] [--config FILE]

Denies every pre-action check (or those of one agent or user) until switched off.
${ADMIN_HELP}`,
    run: async (flags) => (await import('./session.js')).killswitch(true, flags),
  },
  'killswitch off': {
    options: { ...admin, agent: { type: 'string' }, user: { type: 'string' } },
    help: `Usage: vigil killswitch off [--agent ID | --user ID] [--config FILE]

Switches the kill switch (global, or of one agent or user) off.
${ADMIN_HELP}`,
    run: async (flags) => (await import('./session.js')).killswitch(false, flags),
  },
  sessions: {
    options: { ...admin, limit: { type: 'string' }, json: { type: 'boolean' } },
    help: `Usage: vigil sessions [--limit N] [--json] [--config FILE]

Lists the riskiest sessions (from the gateway's detections) with their flags, and the agent,
user and global switches.
${ADMIN_HELP}`,
    run: async (flags) => (await import('./session.js')).sessions(flags),
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
  hooks install|uninstall|status AGENT   agent pre-tool hooks
  session pause|kill|resume ID           pause, kill or resume a session (admin API)
  killswitch on|off                      stop every agent action, or one agent's or user's
  sessions       the riskiest sessions and their flags
  audit verify   check the audit trail's records, segments and signed digests
  audit query    print matching audit records as JSON lines

Run 'vigil <command> --help' for a command's options.
`;
