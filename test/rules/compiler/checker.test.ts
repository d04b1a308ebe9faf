import t from 'tap';
import { compile, diagnosticsOf, ruleText } from '../../helpers/compile.js';

// Each condition on line 2 of a minimal rule (`when: ` is 7 columns), and what it must report.
const conditionErrors: [string, string][] = [
  ['tool.nme == "bash"', '2:8 unknown-field: unknown field `tool.nme`; did you mean `tool.name`?'],
  ['gen_ai.tool.name == "bash"', '2:8 unknown-field: unknown field `gen_ai.tool.name`; a raw attribute is read as attributes["gen_ai.tool.name"]'],
  ['attrs["k"] == "v"', '2:8 unknown-field: unknown map `attrs`; maps are attributes["…"], resource["…"] and body["…"]'],
  ['command in shells', '2:19 unknown-list: unknown list `shells`'],
  ['is_shel', '2:8 unknown-macro: unknown macro `is_shel`; did you mean `is_shell`?'],
  ['lowr(command) == "x"', '2:8 unknown-function: unknown function `lowr`; did you mean `lower`?'],
  ['lower(command, url) == "x"', '2:8 arity: `lower` takes 1 argument, got 2'],
  ['concat(command) == "x"', '2:8 arity: `concat` takes at least 2 arguments, got 1'],
  ['len(command) > "a"', '2:23 type: `>` compares numbers, but `"a"` is text'],
  ['http.status_code == "200"', '2:8 type: cannot compare a number (`http.status_code`) with text (`"200"`)'],
  ['command < 3', '2:8 type: `<` compares numbers, but `command` is text'],
  ['lower(http.status_code) == "x"', '2:14 type: `lower` takes text, but `http.status_code` is a number'],
  ['http.status_code contains "5"', '2:8 type: `contains` tests text, but `http.status_code` is a number'],
  ['http.status_code in ["200", 404]', '2:29 type: `http.status_code` is a number, but `"200"` is text'],
  ['command in command', '2:19 type: `in` needs a list: `[…]` or a list\'s name'],
  ['command > [1, 2]', '2:18 type: `>` compares single values, not a list'],
  ['command contains 5', '2:25 type: `contains` takes text, but `5` is not a string'],
  ['command contains /x/', '2:25 type: a regular expression goes with `matches`'],
  ['command glob url', '2:21 type: the pattern of `glob` is written in the rule: a string, a list, or a list\'s name'],
  ['command == /x/', '2:19 type: a regular expression goes on the right of `matches`'],
  ['time > 10m', '2:15 type: a duration is only for `within`'],
  ['late', '2:8 type: `late` is a field, not a condition; compare it (`late == …`) or test it (`late exists`)'],
  ['lower(command)', '2:8 syntax: `lower(command)` is a value, not a condition; compare it (`==`, `in`, `contains`, …) or test it with `exists`'],
  ['hosts == command', '2:8 type: `hosts` is a list; a list goes on the right of `in`, `==` or a string operator'],
  ['command == is_shell', '2:19 type: `is_shell` is a macro (a condition), not a value'],
  ['command matches /(a)\\1/', '2:24 bad-regex: invalid regular expression: invalid escape sequence: \\1 (RE2 runs in linear time: no backreferences, no lookaround)'],
  ['command matches "a(?=b)"', '2:24 bad-regex: invalid regular expression: invalid perl operator: (?= (RE2 runs in linear time: no backreferences, no lookaround)'],
  ['command matches /a/g', '2:24 bad-regex: unknown regular expression flag `g` (flags are i, s and m)'],
  ['command matches /a(/', '2:24 bad-regex: invalid regular expression: missing ): a('],
  ['url.host cidr ["10.0.0.0/33", "::1/129", "10.0.0/8", "1.2.3.4/8/1"]', [
    '2:23 bad-cidr: invalid CIDR `10.0.0.0/33`: the prefix length must be 0 to 32',
    '2:38 bad-cidr: invalid CIDR `::1/129`: the prefix length must be 0 to 128',
    '2:49 bad-cidr: invalid CIDR `10.0.0/8`: `10.0.0` is not an IP address',
    '2:61 bad-cidr: invalid CIDR `1.2.3.4/8/1`: `1.2.3.4` is not an IP address',
  ].join('\n')],
  ['file.path glob "/etc/[ab"', '2:23 bad-glob: unterminated `[` in glob `/etc/[ab`'],
].map(([c, e]) => [c, e]);

const prelude = 'list hosts = ["a"]\nmacro is_shell = command exists\n';

t.test('each kind of error in a condition, with its exact position and message', async (t) => {
  for (const [condition, expected] of conditionErrors) {
    const got = diagnosticsOf(ruleText(condition) + prelude).map((d) => d.replace(/^test\.rules:/, ''));
    t.same(got, expected.split('\n'), condition);
  }
});

t.test('every error of a rule set is reported at once, in file order', async (t) => {
  const text = `rule a { title: "t" severity: hgh score: 101
  tags: [AML.T51, T59, "two words", ok.tag]
  actions: [alert, pause_session, annotate]
  when: tool.nme == "x" and len(command) > "a"
}
rule b { title: 1 severity: low score: 2.5 colour: red when: command exists title: "again" }
rule c { when: command exists }
rule d { title: "t" severity: low score: 1 }
rule e { title: "t" severity: low score: 1 threshold: count > 1 within 1m }
rule f { title: "t" severity: low score: 1 when: command exists sequence within 1m { step a1: command exists step a2: url exists } }
`;
  t.same(
    diagnosticsOf(text).map((d) => d.replace(/^test\.rules:/, '')),
    [
      '1:31 bad-severity: unknown severity `hgh`; did you mean `high`?',
      '1:42 bad-score: score must be a whole number from 0 to 100',
      '2:10 bad-tag: bad tag `AML.T51`: MITRE ATLAS ids look like AML.T0051 or AML.T0051.000',
      '2:19 bad-tag: bad tag `T59`: ATT&CK ids look like T1059 or T1059.004',
      '2:24 bad-tag: bad tag `two words`: a tag is a word of letters, digits, `_`, `.`, `:`, `/` and `-`',
      '3:20 bad-action: unknown action `pause_session`; did you mean `pause-session`?',
      '3:35 redundant-action: `annotate` always happens; it need not be listed',
      '4:9 unknown-field: unknown field `tool.nme`; did you mean `tool.name`?',
      '4:44 type: `>` compares numbers, but `"a"` is text',
      '6:17 bad-property: `title` takes a string',
      '6:40 bad-score: score must be a whole number from 0 to 100',
      '6:44 unknown-property: unknown property `colour`',
      '6:77 duplicate: `title` is given twice (first on line 6)',
      '7:6 missing-property: rule `c` has no `title:`',
      '7:6 missing-property: rule `c` has no `severity:`',
      '7:6 missing-property: rule `c` has no `score:`',
      '8:6 missing-property: rule `d` has no `when:` (or `sequence`)',
      '9:44 missing-property: `threshold:` counts the events `when:` selects; add `when:`',
      '10:65 bad-property: a rule has `when:` or `sequence`, not both',
    ],
  );
  t.same(compile(text).rules, [], 'a rule set with errors has no rules');
});

t.test('a warning alone does not keep a rule set from loading', async (t) => {
  const result = compile(ruleText('command exists', ' actions: [annotate, alert]\n'));
  t.same(result.diagnostics.map((d) => `${d.severity} ${d.code}`), ['warning redundant-action']);
  t.equal(result.rules.length, 1);
  t.same(result.rules[0].actions, ['alert']);
});

t.test('threshold errors: aggregates, windows, grouping', async (t) => {
  const threshold = (spec: string) => diagnosticsOf(ruleText('command exists', ` threshold: ${spec}\n`)).map((d) => d.replace(/^test\.rules:/, ''));
  t.same(threshold('count > 5 within 0s'), ['3:30 bad-window: the window must be longer than 0']);
  t.same(threshold('count > 5 within 25h'), ['3:30 bad-window: the window is at most 24h (it is 25h)']);
  t.same(threshold('count > 5 within 2d'), ['3:30 bad-window: the window is at most 24h (it is 2d)']);
  t.same(threshold('count > 5 within 10'), ['3:30 bad-duration: `10` has no unit; write a whole number with ms, s, m, h or d (500ms, 30s, 10m, 1h, 1d)']);
  t.same(threshold('count > 5 within 10y'), ['3:30 bad-duration: `10y` is not a duration; write a whole number with ms, s, m, h or d (500ms, 30s, 10m, 1h, 1d)']);
  t.same(threshold('count > 5 within 1.5h'), ['3:30 bad-duration: `1.5h` is not a duration; write a whole number with ms, s, m, h or d (500ms, 30s, 10m, 1h, 1d)']);
  t.same(threshold('count > 5 by session.id'), ['3:2 missing-property: no `within`: give the window, e.g. `within 10m`']);
  t.same(threshold('count > 5 within 1m within 2m'), ['3:33 duplicate: `within` is given twice']);
  t.same(threshold('count > 5 within 1m by "x"'), ['3:36 type: `by` groups by fields (or functions of fields), not constants']);
  t.same(threshold('count > 5 within 1m by sesion.id'), ['3:36 unknown-field: unknown field `sesion.id`; did you mean `session.id`?']);
  t.same(threshold('count(url) > 5 within 1m'), ['3:13 arity: `count` takes no field']);
  t.same(threshold('distinct > 5 within 1m'), ['3:13 arity: `distinct` needs a field: `distinct(url.host)`']);
  t.same(threshold('sum(command) > 5 within 1m'), ['3:17 type: `sum` adds numbers, but `command` is text']);
  t.same(threshold('avg(tokens.input) > 5 within 1m'), ['3:13 unknown-function: unknown aggregate `avg`; aggregates are count, distinct(field) and sum(field)']);
  t.same(threshold('count > 5 within 24h by session.id, user.id'), []);
});

const sequenceRule = (body: string, header = 'by session.id within 10m') =>
  `rule s { title: "t" severity: low score: 1\n sequence ${header} {\n${body}\n }\n}\n`;
const sequenceErrors = (body: string, header?: string) => diagnosticsOf(sequenceRule(body, header)).map((d) => d.replace(/^test\.rules:/, ''));

t.test('sequence errors: step count, order, names, until', async (t) => {
  t.same(sequenceErrors('  step one: command exists'), ['2:2 bad-sequence: a sequence has 2 to 8 steps, this one has 1']);
  const nine = Array.from({ length: 9 }, (_, i) => `  step s${i}: command exists`).join('\n');
  t.same(sequenceErrors(nine), ['2:2 bad-sequence: a sequence has 2 to 8 steps, this one has 9']);
  t.same(sequenceErrors('  step a1: command == a2.command\n  step a2: command exists'), ['3:23 step-order: step `a1` cannot read step `a2`: that step is matched after it']);
  t.same(sequenceErrors('  step a1: command exists\n  step a2: command == a2.command'), ['4:23 step-order: step `a2` cannot read step `a2`: write its own fields without `a2.`']);
  t.same(sequenceErrors('  step a1: command exists\n  step a2: command == a3.command'), ['4:23 unknown-step: unknown step `a3` (steps before this one: a1)']);
  t.same(sequenceErrors('  step a1: command exists\n  step a2: command == a1.comand'), ['4:23 unknown-field: unknown field `comand`; did you mean `command`?']);
  t.same(sequenceErrors('  step a1: command exists\n  step a1: url exists'), ['4:8 duplicate: step `a1` is declared twice in this sequence']);
  t.same(sequenceErrors('  step file: command exists\n  step b: url exists'), ['3:8 bad-sequence: step name `file` is also a field name (or starts one); pick another']);
  t.same(sequenceErrors('  step a1: command exists\n  step a2: url exists\n  until: url == a1.url'), ['5:17 step-order: `until:` cannot read step `a1`: it reads only its own event']);
  t.same(sequenceErrors('  step a1: command exists\n  step a2: url exists\n  until: url exists\n  until: command exists'), ['6:3 duplicate: `until:` is given twice']);
  t.same(sequenceErrors('  step a1: command exists\n  step a2: url exists', 'by session.id'), ['2:2 missing-property: no `within`: give the window, e.g. `within 10m`']);
  t.same(
    diagnosticsOf(sequenceRule('  step a1: command exists\n  step a2: url exists').replace('}\n}', '}\n except e: url == a1.url\n}')).map((d) => d.replace(/^test\.rules:/, '')),
    ['6:19 step-order: an exception cannot read step `a1`: it reads only its own event'],
  );
});

t.test('message templates are checked field by field, at the placeholder', async (t) => {
  const message = (template: string, extra = '') => diagnosticsOf(ruleText('command exists', ` message: ${template}\n${extra}`)).map((d) => d.replace(/^test\.rules:/, ''));
  t.same(message('"{tool.nme} ran"'), ['3:12 unknown-field: unknown field `tool.nme`; did you mean `tool.name`?']);
  t.same(message('"ran {command"'), ['3:16 bad-template: unclosed `{` in the message (write `{{` for a brace)']);
  t.same(message('"ran {a b}"'), ['3:16 bad-template: `{a b}` is not a field; a placeholder is {field} or {attributes["key"]}']);
  t.same(message(`'{attributes["k"]} {{literal}} {resource[\\'r\\']}'`), []);
  t.same(message('"\\t{tool.nme}"'), ['3:14 unknown-field: unknown field `tool.nme`; did you mean `tool.name`?'], 'positions account for escapes');
  t.same(message('3'), ['3:11 bad-property: `message` takes a string']);
});

t.test('list declarations hold strings, numbers and regular expressions only', async (t) => {
  t.same(diagnosticsOf('list l = ["a", 1, /x/, true, 10m]').map((d) => d.replace(/^test\.rules:/, '')), [
    '1:24 type: a list holds strings, numbers and regular expressions, not `true`',
    '1:30 type: a list holds strings, numbers and regular expressions, not `10m`',
  ]);
});

t.test('an error in a list or macro used by many rules is reported once, where it is written', async (t) => {
  const text = `list nets = ["10.0.0.0/99"]\nmacro m = comand exists\n${ruleText('url.host cidr nets and m', '', 'r1')}${ruleText('url.host cidr nets and m', '', 'r2')}`;
  t.same(diagnosticsOf(text).map((d) => d.replace(/^test\.rules:/, '')), [
    '1:14 bad-cidr: invalid CIDR `10.0.0.0/99`: the prefix length must be 0 to 32',
    '2:11 unknown-field: unknown field `comand`; did you mean `command`?',
  ]);
});
