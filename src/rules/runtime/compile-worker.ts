// Compiles a rule set on a worker thread so the gateway's event loop keeps serving: a huge file or
// patterns RE2 chokes on cost this thread, never ingest. Compiled closures cannot cross threads,
// so this answers whether the set compiles; only then does the main thread compile it.
import { parentPort, workerData } from 'node:worker_threads';
import { formatDiagnostic, hasErrors } from '../compiler/diagnostics.js';
import { loadRuleSet } from '../compiler/load.js';

const { paths, maxBytes } = workerData as { paths: string[]; maxBytes: number };
const result = await loadRuleSet(paths, maxBytes);
parentPort?.postMessage({ ok: !hasErrors(result.diagnostics), files: result.files, diagnostics: result.diagnostics.map(formatDiagnostic) });
