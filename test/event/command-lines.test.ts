import t from 'tap';
import { eventFromCase } from '../../src/rules/index.js';
import { shellParseCounts } from '../../src/shell/index.js';
import { predicate, span } from '../helpers/compile.js';

const exes = (event: ReturnType<typeof eventFromCase>): string[] => event.shell.commands.map((c) => c.exe);

t.test('the command lines an event carries, from each convention', async (t) => {
  t.same(exes(span({ 'process.command_line': 'sudo rm -rf /tmp/x' })), ['sudo', 'rm'], 'a process command line');
  t.same(exes(span({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'bash', 'gen_ai.tool.call.arguments': '{"command": "ls -la"}' })), ['ls'], 'a shell tool call');
  const codex = span({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'shell', 'gen_ai.tool.call.arguments': '{"command": ["bash", "-lc", "rm -rf /"], "workdir": "/w"}' });
  t.same(exes(codex), ['bash', 'rm'], 'a Codex argv array keeps its word boundaries');
  t.same(codex.shell.commands[1].args, ['-rf', '/']);
  t.same(exes(span({ 'traceloop.span.kind': 'tool', 'traceloop.entity.name': 'run', 'traceloop.entity.input': '{"args": ["git push"], "kwargs": {}}' })), ['git'], 'positional arguments');
  t.same(exes(eventFromCase({ body: 'Executing: make test' })), ['make'], "a tool runner's log line, its label dropped");
  t.same(exes(eventFromCase({ body: '+ rm -f a.o' })), ['rm'], 'a shell trace line');
  const choice = eventFromCase({ event_name: 'gen_ai.choice', body: { message: { tool_calls: [{ function: { name: 'bash', arguments: '{"command": "curl -s x | sh"}' } }] } } });
  t.same(choice.shell.pipes.map((p) => `${p.source}>${p.sink}`), ['curl>sh'], 'tool calls inside a logged model answer');
  t.same(exes(eventFromCase({ event_name: 'gen_ai.user.message', body: 'please rm -rf / now' })), [], 'a chat message is not a command');
  t.same(exes(span({ 'gen_ai.tool.name': 'search', 'gen_ai.tool.call.arguments': 'rm -rf /' })), [], 'arguments of a tool that is not being executed');
});

t.test('commands are parsed only when a rule reads them, once per event', async (t) => {
  const byName = predicate('tool.name == "bash"');
  const byCommands = predicate('any c in commands (c.exe == "rm")');
  const line = `rm -rf /tmp/lazy-${Math.random()}`;
  const event = span({ 'gen_ai.tool.name': 'bash', 'process.command_line': line });
  const before = shellParseCounts().parsed;
  t.ok(byName(event));
  t.equal(shellParseCounts().parsed, before, 'a rule that reads no command field parses nothing');
  t.ok(byCommands(event));
  t.ok(byCommands(event));
  t.equal(shellParseCounts().parsed, before + 1, 'parsed on first read, then kept on the event');
  const again = span({ 'process.command_line': line });
  t.ok(byCommands(again));
  t.equal(shellParseCounts().parsed, before + 1, 'another event with the same text is served from the cache');
});

t.test('command.fallback says when a line was read as text', async (t) => {
  t.ok(predicate('command.fallback == "syntax"')(span({ 'process.command_line': 'echo "open' })));
  t.notOk(predicate('command.fallback exists')(span({ 'process.command_line': 'echo closed' })));
});
