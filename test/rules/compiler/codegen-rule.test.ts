import t from 'tap';
import { eventFromCase } from '../../../src/rules/index.js';
import { rulesOf } from '../../helpers/compile.js';

t.test('a sequence is handed only the events that could be a step or its until', async (t) => {
  const [rule] = rulesOf(`rule s { title: "t" severity: low score: 1
  sequence by session.id within 10m {
    step secret: file.path endswith ".env"
    step egress: url.host exists and tool.args contains basename(secret.file.path)
    until: name == "session.end"
  } }`);
  if (rule.kind !== 'sequence' || rule.sequence.mayUse === undefined) throw new Error('expected a sequence with mayUse');
  const mayUse = rule.sequence.mayUse;
  t.equal(mayUse(eventFromCase({ attributes: { 'file.path': '/app/.env' } })), true, 'step 1');
  t.equal(mayUse(eventFromCase({ attributes: { 'url.full': 'https://x.example/a', 'gen_ai.tool.call.arguments': 'anything' } })), true, 'step 2 by what it reads of its own event');
  t.equal(mayUse(eventFromCase({ name: 'session.end' })), true, 'the until');
  t.equal(mayUse(eventFromCase({ attributes: { 'process.command_line': 'ls' } })), false, 'an event no step can use');
});
