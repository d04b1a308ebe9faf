import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromObject, loadConfig, parseDuration } from '../../src/config/index.js';
import { exporterSpecs } from '../../src/pipeline/index.js';

const file = (text: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-config-')), 'config.yaml');
  writeFileSync(path, text);
  return path;
};

t.test('the shipped config.yaml writes every default', async (t) => {
  const shipped = loadConfig(new URL('../../config.yaml', import.meta.url).pathname, {});
  const defaults = configFromObject({}, {});
  t.same({ ...shipped, exporters: {} }, { ...defaults, exporters: {} });
  t.same(Object.keys(shipped.exporters), Object.keys(defaults.exporters), 'the same exporters');
  // Exporter sections are defaulted by their own factory: the shipped one writes all of them.
  const section = shipped.exporters['file/local'];
  t.same(exporterSpecs(shipped).get('file/local')?.config, section, 'file/local writes every default of the file exporter');
});

t.test('every bad key is named with its path, all at once', async (t) => {
  const path = file('receivers:\n  otlp:\n    htp: {}\n    grpc: { port: "x" }\nrules:\n  lateness: 5 minutes\n');
  t.throws(() => loadConfig(path, {}), {
    code: 'VGL_CONFIG_INVALID',
    message: new RegExp(
      [`${path}: /receivers/otlp/htp: Unexpected property`, `${path}: /receivers/otlp/grpc/port: Expected integer`, `${path}: /rules/lateness: Expected string to match`].map((s) => s.replace(/[/.]/g, '\\$&')).join('[\\s\\S]*'),
    ),
  });
});

t.test('${ENV} and ${ENV:-fallback} are substituted; a missing variable is an error', async (t) => {
  const config = configFromObject({ alerts: { file: { path: '${DIR}/d.jsonl' } }, receivers: { otlp: { http: { host: '${HOST:-0.0.0.0}' } } } }, { DIR: '/srv' });
  t.equal(config.alerts.file.path, '/srv/d.jsonl');
  t.equal(config.receivers.otlp.http.host, '0.0.0.0');
  t.throws(() => configFromObject({ alerts: { file: { path: '${NOPE}' } } }, {}), { message: /\/alerts\/file\/path: environment variable NOPE is not set/ });
});

t.test('the loaded configuration is frozen', async (t) => {
  const config = configFromObject({}, {});
  t.throws(() => {
    (config.rules as { watch: boolean }).watch = false;
  });
});

t.test('YAML syntax errors and unreadable files are reported with the file', async (t) => {
  t.throws(() => loadConfig(file('rules: [unclosed\n'), {}), { code: 'VGL_CONFIG_INVALID', message: /config\.yaml: / });
  t.throws(() => loadConfig('/nonexistent/config.yaml', {}), { message: /\/nonexistent\/config\.yaml: cannot read/ });
});

t.test('durations', async (t) => {
  t.equal(parseDuration('500ms'), 500);
  t.equal(parseDuration('30s'), 30_000);
  t.equal(parseDuration('10m'), 600_000);
  t.equal(parseDuration('1h'), 3_600_000);
  t.equal(parseDuration('10 m'), undefined);
});
