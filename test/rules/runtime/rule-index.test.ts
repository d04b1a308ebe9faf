import t from 'tap';
import type { AgentEvent } from '../../../src/event/index.js';
import type { CompiledRule } from '../../../src/rules/compiled.js';
import { RuleIndex } from '../../../src/rules/runtime/rule-index.js';
import { engineOf, eventAt, sequenceRule, singleRule } from '../../helpers/rules.js';

/** A rule keyed on operation == value that counts how often it runs. */
function counted(id: string, operation: string, calls: Map<string, number>): CompiledRule {
  return singleRule(id, (e: AgentEvent) => {
    calls.set(id, (calls.get(id) ?? 0) + 1);
    return e.normalizedField('operation') === operation;
  }, { field: 'operation', values: [operation] });
}

t.test('a rule keyed on operation == chat never runs for execute_tool events', async (t) => {
  const calls = new Map<string, number>();
  const engine = engineOf([counted('chat', 'chat', calls), counted('tool', 'execute_tool', calls)]);
  const tools = Array.from({ length: 5 }, (_, i) => eventAt(i, { 'gen_ai.operation.name': 'execute_tool' }));
  const result = await engine.evaluate([...tools, eventAt(9, { 'gen_ai.operation.name': 'chat' })]);
  t.equal(calls.get('chat'), 1, 'only for the chat event');
  t.equal(calls.get('tool'), 5);
  t.same(result.matched.map((rules) => rules.map((r) => r.id)), [['tool'], ['tool'], ['tool'], ['tool'], ['tool'], ['chat']]);
});

t.test('per-event work does not grow with rules that cannot match', async (t) => {
  for (const size of [10, 1000]) {
    const calls = new Map<string, number>();
    const rules = Array.from({ length: size }, (_, i) => counted(`r${i}`, `op-${i}`, calls));
    const engine = engineOf(rules);
    await engine.evaluate([eventAt(0, { 'gen_ai.operation.name': 'op-3' }), eventAt(1, { 'gen_ai.operation.name': 'unknown' }), eventAt(2)]);
    t.same([...calls], [['r3', 1]], `${size} rules: one predicate call for three events`);
  }
});

t.test('presence keys run only when the field is present and non-empty; keyless items always', async (t) => {
  const index = new RuleIndex([
    { item: 'needs-command', keys: [{ field: 'command' }] },
    { item: 'needs-command-too', keys: [{ field: 'command' }] },
    { item: 'always', keys: undefined },
    { item: 'unknown-field', keys: [{ field: 'no.such.field', values: ['x'] }] },
  ]);
  t.same([...index.candidates(eventAt(0))], ['always', 'unknown-field'], 'an unresolvable key cannot prune');
  t.same([...index.candidates(eventAt(0, { 'process.command_line': '' }))], ['always', 'unknown-field'], 'empty is absent');
  t.same([...index.candidates(eventAt(0, { 'process.command_line': 'ls' }))], ['always', 'unknown-field', 'needs-command', 'needs-command-too']);
});

t.test('an item under several keys is met once; numbers compare as text', async (t) => {
  const index = new RuleIndex([
    { item: 'either', keys: [{ field: 'tool.name', values: ['bash'] }, { field: 'command' }, { field: 'http.status_code', values: ['500'] }] },
    { item: 'status', keys: [{ field: 'http.status_code', values: ['500', '502'] }] },
  ]);
  const both = eventAt(0, { 'gen_ai.tool.name': 'bash', 'process.command_line': 'ls', 'http.response.status_code': 500 });
  t.same([...index.candidates(both)], ['either', 'status']);
  t.same([...index.candidates(eventAt(0, { 'http.response.status_code': 502 }))], ['status']);
  t.same([...index.candidates(eventAt(0, { 'gen_ai.tool.name': 'python' }))], []);
});

t.test('a sequence is indexed by its steps, unless it has an until', async (t) => {
  const calls: string[] = [];
  const step = (name: string) => (e: AgentEvent) => {
    calls.push(name);
    return e.normalizedField('tool.name') === name;
  };
  const key = (name: string) => ({ field: 'tool.name', values: [name] });
  const engine = engineOf([sequenceRule('keyed', [['a', step('a'), key('a')], ['b', step('b'), key('b')]], 60_000)]);
  await engine.evaluate([eventAt(0, { 'gen_ai.tool.name': 'other' }), eventAt(1, { 'gen_ai.tool.name': 'a' })]);
  t.same(calls, ['a'], 'the unrelated event never reached the steps');
  const withUntil = sequenceRule('until', [['a', step('a')], ['b', step('b')]], 60_000, { until: () => false });
  calls.length = 0;
  await engineOf([withUntil]).evaluate([eventAt(0, { 'gen_ai.tool.name': 'other' })]);
  t.same(calls, ['a'], 'with an until every event of the group is offered');
});
