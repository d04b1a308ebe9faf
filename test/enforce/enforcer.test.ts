import t from 'tap';
import { RecentSink } from '../../src/alerts/index.js';
import { Enforcer, FlagActions, MemoryCallMemory, MemoryFlagStore, SessionIndex, type ProposedAction } from '../../src/enforce/index.js';
import { eventFromCase, RulesEngine } from '../../src/rules/index.js';
import { MemoryStore, type StateStore } from '../../src/store/index.js';
import { rulesOf } from '../helpers/compile.js';

const RULES = `
rule t.shell_rate {
  title: "More than 3 shell commands a minute" severity: medium score: 40 actions: [deny]
  message: "session {session.id}: shell rate limit"
  when: command exists
  threshold: count > 3 within 1m by session.id
}
rule t.cooldown {
  title: "Cooldown after a table drop" severity: high score: 60 actions: [deny]
  message: "cooldown after {destroy.command}"
  sequence by session.id within 5m {
    step destroy: command contains "drop table"
    step next: command exists
  }
}
rule t.push { title: "Push needs approval" severity: low score: 10 actions: [ask] when: command contains "git push" }
rule t.escalate {
  title: "Two curls" severity: high score: 80 actions: [alert, pause-session]
  message: "two curls in {session.id}"
  when: command contains "curl"
  threshold: count >= 2 within 10m by session.id
}
`;

const action = (command: string, session: string, callId?: string): ProposedAction => ({
  attributes: { 'process.command_line': command, 'gen_ai.conversation.id': session, ...(callId && { 'gen_ai.tool.call.id': callId }) },
});

function setup(options: { store?: StateStore; failurePolicy?: 'closed' | 'open'; timeoutMs?: number } = {}) {
  const store = options.store ?? new MemoryStore({ maxGroups: 1000, maxPartialSequences: 1000 });
  const engine = new RulesEngine(rulesOf(RULES), { store, latenessMs: 30_000, maxEventsPerDetection: 100 });
  const flags = new MemoryFlagStore();
  const sessions = new SessionIndex();
  const flagActions = new FlagActions(sessions, flags, 60_000, (error) => {
    throw error;
  });
  const recent = new RecentSink(100);
  const enforcer = new Enforcer({ engine: () => engine, flags, calls: new MemoryCallMemory(), flagActions, sessions, sinks: [recent, flagActions], failurePolicy: options.failurePolicy ?? 'closed', timeoutMs: options.timeoutMs ?? 1000, callTtlMs: 60_000 });
  /** A batch of spans through the same path the detection stage takes. */
  const ingest = async (actions: ProposedAction[]) => {
    const events = actions.map((a) => eventFromCase({ attributes: a.attributes }, { baseTimeMs: Date.now() }));
    const counted = await enforcer.beforeBatch(events);
    const { detections } = await engine.evaluate(events, { counted });
    recent.write(detections);
    flagActions.write(detections);
    await enforcer.afterBatch();
  };
  return { enforcer, flags, recent, ingest };
}

t.test('a rate limit (threshold with deny) decides before the action, counting only allowed actions', async (t) => {
  const { enforcer, recent } = setup();
  for (let i = 1; i <= 3; i++) t.equal((await enforcer.check(action(`echo ${i}`, 's-1'))).decision, 'allow', `command ${i} allowed`);
  const fourth = await enforcer.check(action('echo 4', 's-1'));
  t.equal(fourth.decision, 'deny', 'the fourth in a minute exceeds the limit');
  t.match(fourth.reasons, [{ type: 'rule', rule: 't.shell_rate', action: 'deny', message: 'session s-1: shell rate limit' }]);
  t.equal((await enforcer.check(action('echo 5', 's-1'))).decision, 'deny', 'denied attempts are not counted, the limit stays exceeded');
  t.equal((await enforcer.check(action('echo 1', 's-2'))).decision, 'allow', 'other sessions have their own bucket');
  t.ok(recent.recent().some((d) => d.ruleId === 't.shell_rate'), 'the exceeded limit is reported as a detection');
});

t.test('an allowed check and its later span count once', async (t) => {
  const { enforcer, ingest } = setup();
  t.equal((await enforcer.check(action('echo a', 's-1', 'call-a'))).decision, 'allow');
  t.equal((await enforcer.check(action('echo b', 's-1', 'call-b'))).decision, 'allow');
  await ingest([action('echo a', 's-1', 'call-a'), action('echo b', 's-1', 'call-b')]);
  t.equal((await enforcer.check(action('echo c', 's-1'))).decision, 'allow', 'the spans of allowed checks did not count again (2 + 1 is within the limit)');
  await ingest([action('echo d', 's-1', 'call-unchecked')]);
  t.equal((await enforcer.check(action('echo e', 's-1'))).decision, 'deny', 'a span with no check counts (4 + 1 > 3)');
});

t.test('the decision id ties a span to its check too', async (t) => {
  const { enforcer, ingest } = setup();
  const ids: string[] = [];
  for (const c of ['a', 'b', 'c']) ids.push((await enforcer.check(action(`echo ${c}`, 's-1'))).id);
  await ingest(ids.map((id) => ({ attributes: { ...action('echo', 's-1').attributes, 'vigil.decision.id': id } })));
  t.equal((await enforcer.check(action('echo d', 's-1'))).decision, 'deny', '3 counted once + 1 exceeds');
  const { enforcer: fresh, ingest: freshIngest } = setup();
  const id = (await fresh.check(action('echo a', 's-9'))).id;
  await freshIngest([{ attributes: { ...action('echo', 's-9').attributes, 'vigil.decision.id': id } }]);
  t.equal((await fresh.check(action('echo b', 's-9'))).decision, 'allow');
  t.equal((await fresh.check(action('echo c', 's-9'))).decision, 'allow', 'one counted + two more is still within the limit');
});

t.test('a cooldown (sequence with deny) after a destructive action', async (t) => {
  const { enforcer } = setup();
  t.equal((await enforcer.check(action('psql -c "drop table users"', 's-1'))).decision, 'allow', 'the first step alone completes nothing');
  const next = await enforcer.check(action('ls', 's-1'));
  t.equal(next.decision, 'deny');
  t.match(next.reasons, [{ rule: 't.cooldown', message: 'cooldown after psql -c "drop table users"' }]);
  t.equal((await enforcer.check(action('ls', 's-2'))).decision, 'allow', 'no cooldown in another session');
});

t.test('ask, and deny over ask', async (t) => {
  const { enforcer, flags } = setup();
  const push = await enforcer.check(action('git push origin main', 's-1'));
  t.equal(push.decision, 'ask');
  t.match(push.model_message, /approval/);
  await flags.set({ scope: 'global', id: '*', kind: 'kill', reason: 'incident 42', actor: 'cli', setAtMs: Date.now() });
  const killed = await enforcer.check(action('git push origin main', 's-1'));
  t.equal(killed.decision, 'deny');
  t.match(killed.reasons, [{ type: 'flag', scope: 'global', reason: 'incident 42', actor: 'cli' }, { type: 'rule', rule: 't.push' }]);
  t.match(killed.model_message, /All agent actions are stopped by cli: incident 42/);
});

t.test('escalation: a threshold rule with pause-session pauses the session for later checks', async (t) => {
  const { enforcer, flags } = setup();
  t.equal((await enforcer.check(action('curl a.example', 's-1'))).decision, 'allow');
  t.equal((await enforcer.check(action('curl b.example', 's-1'))).decision, 'allow', 'the second curl is allowed and fires the rule');
  const [flag] = await flags.active({ session: 's-1' }, Date.now());
  t.match(flag, { scope: 'session', id: 's-1', kind: 'pause', actor: 'rule:t.escalate', reason: 'two curls in s-1' });
  t.ok(flag.expiresAtMs! > Date.now(), 'a pause expires');
  const after = await enforcer.check(action('ls', 's-1'));
  t.equal(after.decision, 'deny');
  t.match(after.reasons, [{ type: 'flag', scope: 'session', kind: 'pause' }]);
  t.equal((await enforcer.check(action('ls', 's-2'))).decision, 'allow');
});

const failing = (mode: 'reject' | 'hang'): StateStore => {
  const inner = new MemoryStore({ maxGroups: 10, maxPartialSequences: 10 });
  const fail = () => (mode === 'reject' ? Promise.reject(new Error('redis down')) : new Promise<never>(() => {}));
  return { apply: fail, peek: fail, writeSequences: () => {}, forget: (p) => inner.forget(p) };
};

t.test('failure policy: closed denies, open allows, both say why', async (t) => {
  const closed = await setup({ store: failing('reject') }).enforcer.check(action('echo', 's-1'));
  t.equal(closed.decision, 'deny');
  t.match(closed.reasons, [{ type: 'failure', message: /redis down/ }]);
  const open = await setup({ store: failing('reject'), failurePolicy: 'open' }).enforcer.check(action('echo', 's-1'));
  t.equal(open.decision, 'allow');
  t.match(open.reasons, [{ type: 'failure' }]);
  const slow = await setup({ store: failing('hang'), timeoutMs: 20 }).enforcer.check(action('echo', 's-1'));
  t.equal(slow.decision, 'deny');
  t.match(slow.reasons, [{ type: 'failure', message: /longer than 20 ms/ }]);
});
