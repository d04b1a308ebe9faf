import t from 'tap';
import { compile, diagnosticsOf, span } from '../../helpers/compile.js';

const SHIPPED = {
  path: 'shipped.rules',
  text: `list tools = ["curl", "wget", "fetch"]
rule s.download { title: "d" severity: high score: 80 tags: [T1105] actions: [alert]
  when: any c in commands (c.exe in tools) }
rule s.other { title: "o" severity: low score: 10 when: command exists }
`,
};
const user = (text: string) => [SHIPPED, { path: 'mine.rules', text }];

t.test('a user file disables a rule, overrides its metadata and removes list items; each change is reported', async (t) => {
  const result = compile(user(`extend rule s.other { enabled: false }
extend rule s.download {
  severity: medium
  score: 40
  tags: [egress, rule, exists]
  actions: []
}
list tools -= ["fetch"]
`));
  t.same(result.diagnostics, []);
  t.same(result.rules.map((r) => r.id), ['s.download'], 'the disabled rule is not loaded');
  const [download] = result.rules;
  t.same([download.severity, download.score, download.tags, download.actions], ['medium', 40, ['egress', 'rule', 'exists'], []]);
  t.same(result.tuning.map((n) => `${n.subject}: ${n.change} (${n.source})`), [
    'list tools: removed "fetch" (mine.rules:8)',
    'rule s.download: severity high → medium (mine.rules:3)',
    'rule s.download: score 80 → 40 (mine.rules:4)',
    'rule s.download: tags [T1105] → [egress, rule, exists] (mine.rules:5)',
    'rule s.download: actions [alert] → [] (mine.rules:6)',
    'rule s.other: disabled (mine.rules:1)',
  ]);
  if (download.kind !== 'single') throw new Error('single rule expected');
  t.notOk(download.match(span({ 'process.command_line': 'fetch http://x/y' })), 'a removed item no longer matches');
  t.ok(download.match(span({ 'process.command_line': 'wget http://x/y' })));
});

t.test('the last override wins, and enabled: true turns a rule back on', async (t) => {
  const result = compile(user('extend rule s.other { enabled: false }\nextend rule s.other { enabled: true score: 20 }\n'));
  t.same(result.rules.map((r) => [r.id, r.score]), [['s.download', 80], ['s.other', 20]]);
});

t.test('mistakes in tuning are diagnostics with positions; removing an absent item is a warning', async (t) => {
  t.same(diagnosticsOf(user('extend rule s.other { title: "new" }\n')), [
    'mine.rules:1:23 bad-property: `extend rule` may add `except` clauses and set `enabled:`, `severity:`, `score:`, `tags:`, `actions:`',
  ]);
  t.same(diagnosticsOf(user('extend rule s.other { enabled: "no" severity: urgent }\n')), [
    'mine.rules:1:32 bad-property: `enabled` takes true or false',
    'mine.rules:1:47 bad-severity: unknown severity `urgent`; severities are info, low, medium, high, critical',
  ]);
  t.same(diagnosticsOf(user('list tools -= ["nc"]\nlist nothing -= ["x"]\n')), [
    'mine.rules:1:16 unknown-item: list `tools` has no item "nc" to remove',
    'mine.rules:2:6 unknown-list: `-=` removes from list `nothing`, which is not declared',
  ]);
  t.same(diagnosticsOf(user('extend rule s.missing { enabled: false }\n')), ['mine.rules:1:13 unknown-rule: extend rule: no rule `s.missing`'], 'no such rule');
});
