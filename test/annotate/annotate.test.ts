import t from 'tap';
import { annotateEvent, redactSecrets, riskAttributes, REDACTED } from '../../src/annotate/index.js';
import { anyValueToField } from '../../src/event/any-value.js';
import type { KeyValue } from '../../src/event/index.js';
import { logEvent, spanEvent } from '../helpers/spans.js';

const attrs = (list: readonly KeyValue[]) => Object.fromEntries(list.map((kv) => [kv.key, anyValueToField(kv.value)]));
const rule = (id: string, score: number, severity: 'low' | 'high' | 'critical', tags: string[]) => ({ id, score, severity, tags });

t.test('risk is the max score, the highest severity, every rule and technique', async (t) => {
  const out = attrs(riskAttributes([rule('a', 40, 'high', ['AML.T0051.000', 'T1059.004', 'free']), rule('b', 90, 'low', ['AML.T0024'])], ['d1']));
  t.same(out, {
    'vigil.risk.score': 90,
    'vigil.risk.level': 'high',
    'vigil.rules': ['a', 'b'],
    'vigil.atlas': ['AML.T0051.000', 'AML.T0024'],
    'vigil.attack': ['T1059.004'],
    'vigil.detection.ids': ['d1'],
  });
});

t.test('an event no rule matched still says its risk', async (t) => {
  const event = spanEvent({ 'gen_ai.tool.name': 'ls' });
  annotateEvent(event, [], [], true);
  const out = attrs(event.span!.attributes!);
  t.equal(out['vigil.risk.score'], 0);
  t.equal(out['vigil.risk.level'], 'none');
  t.equal(out['vigil.late'], undefined);
});

t.test('secrets are redacted only where a rule tagged redact matched, in attributes and log bodies', async (t) => {
  const secret = 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY and AKIAIOSFODNN7EXAMPLE';
  const flagged = spanEvent({ 'gen_ai.tool.call.result': secret, nested: { inner: [secret] } });
  annotateEvent(flagged, [rule('secrets', 80, 'critical', ['redact'])], [], true);
  const out = attrs(flagged.span!.attributes!);
  t.notMatch(JSON.stringify(out), /wJalrXUtnFEMI|AKIAIOSFODNN7EXAMPLE/, 'no secret survives');
  t.match(out['gen_ai.tool.call.result'], REDACTED);

  const untagged = spanEvent({ 'gen_ai.tool.call.result': secret });
  annotateEvent(untagged, [rule('other', 10, 'low', [])], [], true);
  t.equal(attrs(untagged.span!.attributes!)['gen_ai.tool.call.result'], secret, 'untouched without the tag');

  const log = logEvent(`key: ${secret}`, 'gen_ai.tool.message');
  annotateEvent(log, [rule('secrets', 80, 'critical', ['redact'])], [], true);
  t.notMatch(log.bodyText!, /AKIAIOSFODNN7EXAMPLE/);

  const off = spanEvent({ 'gen_ai.tool.call.result': secret });
  annotateEvent(off, [rule('secrets', 80, 'critical', ['redact'])], [], false);
  t.equal(attrs(off.span!.attributes!)['gen_ai.tool.call.result'], secret, 'redact_secrets: false leaves it');
});

t.test('late events are flagged', async (t) => {
  const event = spanEvent({});
  event.late = true;
  annotateEvent(event, [], [], true);
  t.equal(attrs(event.span!.attributes!)['vigil.late'], true);
});

t.test('redaction patterns', async (t) => {
  t.equal(redactSecrets('nothing here'), 'nothing here');
  t.equal(redactSecrets('-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----'), REDACTED);
  t.equal(redactSecrets('token ghp_abcdefghijklmnopqrstuvwxyz0123456789'), `token ${REDACTED}`);
  t.equal(redactSecrets('Authorization: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'), `Authorization: ${REDACTED}`);
  t.equal(redactSecrets('password: hunter22'), `password: ${REDACTED}`);
});
