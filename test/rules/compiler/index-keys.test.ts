import t from 'tap';
import type { CompiledRule } from '../../../src/rules/index.js';
import { rulesOf, ruleText } from '../../helpers/compile.js';

const prelude = 'list shells = ["bash", "sh"]\nmacro is_tool = operation == "execute_tool"\nmacro any_tool = tool.name exists or operation exists\n';
const keyOf = (condition: string) => {
  const [rule] = rulesOf(prelude + ruleText(condition)) as (CompiledRule & { index?: unknown })[];
  return rule.index;
};

t.test('value sets from top-level == and in', async (t) => {
  t.same(keyOf('tool.name == "bash"'), [{ field: 'tool.name', values: ['bash'] }]);
  t.same(keyOf('"bash" == tool.name'), [{ field: 'tool.name', values: ['bash'] }]);
  t.same(keyOf('tool.name in shells'), [{ field: 'tool.name', values: ['bash', 'sh'] }]);
  t.same(keyOf('tool.name == shells'), [{ field: 'tool.name', values: ['bash', 'sh'] }], '== with a list is in');
  t.same(keyOf('signal == "log" and event_name == "gen_ai.user.message"'), [{ field: 'event_name', values: ['gen_ai.user.message'] }], 'a selective field beats signal');
  t.same(keyOf('is_tool and tool.name in ["bash", "zsh"]'), [{ field: 'tool.name', values: ['bash', 'zsh'] }], 'tool.name beats operation');
  t.same(keyOf('is_tool and command contains "x"'), [{ field: 'operation', values: ['execute_tool'] }], 'through a macro; a value set beats presence');
  t.same(keyOf('tool.name in ["a", "b", "c"] and tool.name == "b"'), [{ field: 'tool.name', values: ['b'] }], 'two sets on one field intersect');
});

t.test('presence from any positive comparison AND-ed at the top', async (t) => {
  t.same(keyOf('command matches /rm\\s+-rf/'), [{ field: 'command' }]);
  t.same(keyOf('normpath(file.path) glob ["/etc/*"]'), [{ field: 'file.path' }], 'through a strict function');
  t.same(keyOf('len(prompt) > 10000'), [{ field: 'prompt' }]);
  t.same(keyOf('session.id exists and url.host cidr ["10.0.0.0/8"]'), [{ field: 'url.host' }], 'a rare field beats a common one');
  t.same(keyOf('url.host not in ["a"]'), [{ field: 'url.host' }], 'not in is false when absent, so it requires the field');
  t.same(keyOf('command contains file.path'), [{ field: 'command' }]);
  t.same(keyOf('http.status_code == 500'), [{ field: 'http.status_code' }], 'a number field gives presence, not a value set');
});

t.test('an or gives alternatives when every branch requires something', async (t) => {
  t.same(keyOf('tool.name == "bash" or command exists'), [{ field: 'tool.name', values: ['bash'] }, { field: 'command' }]);
  t.same(keyOf('any_tool'), [{ field: 'tool.name' }, { field: 'operation' }], 'an or inside a macro');
  t.same(keyOf('tool.name == "bash" or tool.name == "sh"'), [{ field: 'tool.name', values: ['bash', 'sh'] }], 'same-field value sets join');
  t.same(keyOf('(command exists or file.path exists) and tool.name == "x"'), [{ field: 'tool.name', values: ['x'] }], 'one value set beats two alternatives');
  t.same(keyOf('(command matches /a/ or body matches /a/) and session.id exists'), [{ field: 'command' }, { field: 'body' }], 'alternatives beat a common field');
  t.equal(keyOf('tool.name == "bash" or duration_ms > 5'), undefined, 'a branch that requires nothing');
});

t.test('nothing from inside not, from maps, from concat, or from always-present fields', async (t) => {
  t.equal(keyOf('not tool.name == "bash"'), undefined);
  t.equal(keyOf('attributes["gen_ai.tool.name"] == "bash"'), undefined);
  t.equal(keyOf('concat(command, url) contains "x"'), undefined);
  t.equal(keyOf('duration_ms > 1000 and status.code == "error" or late == true'), undefined);
  t.same(keyOf('duration_ms > 1000 and status.code == "error"'), [{ field: 'status.code', values: ['error'] }]);
  t.equal(keyOf('duration_ms > 1000'), undefined, 'every event has a duration');
});

t.test('thresholds are keyed by `when`, sequences by each step', async (t) => {
  const [threshold, sequence] = rulesOf(`rule th { title: "t" severity: low score: 1
  when: tool.name == "bash"
  threshold: count > 5 within 1m by session.id }
rule sq { title: "t" severity: low score: 1
  sequence by session.id within 10m {
    step secret: file.path glob ["*/.env"]
    step egress: url.host exists and url.host != secret.url.host
    step done: not command exists
  } }`);
  t.same(threshold.kind === 'threshold' && threshold.index, [{ field: 'tool.name', values: ['bash'] }]);
  t.same(sequence.kind === 'sequence' && sequence.sequence.steps.map((s) => s.index), [[{ field: 'file.path' }], [{ field: 'url.host' }], undefined]);
});
