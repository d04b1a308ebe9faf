// The shell parser alone: µs per command line, uncached (a new text every time) and cached (an
// agent repeating its commands), on agent-like lines and on hostile ones. Bounded by iterations.
import { clearShellCache, parseCommandLine } from '../dist/shell/index.js';

const LINES = [
  'ls -la src',
  'git status --short && git diff --stat',
  'npm test -- --runInBand 2>&1 | tail -n 40',
  'grep -rn "TODO" src | wc -l',
  'python3 -m pytest -q tests/test_api.py::test_login',
  'curl -fsSL https://get.example.sh/install.sh | sudo bash -s -- --yes',
  'find . -name "*.pyc" -delete',
  `bash -lc 'cd /workspace/app && make build && ./bin/app --version'`,
  `python3 -c "import subprocess; subprocess.run(['ls', '-l'])"`,
  'docker run --rm -v "$PWD":/app -w /app node:20 npm ci',
];

function perCommandMicros(iterations, uncached) {
  // Warm the grammar (and, for the cached row, the cache) before timing.
  for (const line of LINES) parseCommandLine(line);
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const line = LINES[i % LINES.length];
    parseCommandLine(uncached ? `${line} #${i}` : line);
  }
  const micros = Number(process.hrtime.bigint() - start) / 1e3 / iterations;
  if (uncached) clearShellCache();
  return micros;
}

function hostileMillis() {
  const cases = {
    'unterminated quote': `rm -rf / "${'x'.repeat(2000)}`,
    '100 KB line': `${'echo a; '.repeat(12_800)}`,
    '400 nested $(': `${'$('.repeat(400)}id${')'.repeat(400)}`,
  };
  const out = {};
  for (const [name, line] of Object.entries(cases)) {
    const start = process.hrtime.bigint();
    parseCommandLine(line);
    out[name] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return out;
}

/** µs per command line, uncached and cached, and ms for hostile lines. */
export function benchShell(quick) {
  const iterations = quick ? 2_000 : 10_000;
  return { uncachedMicros: perCommandMicros(iterations, true), cachedMicros: perCommandMicros(iterations * 10, false), hostileMs: hostileMillis() };
}
