import t from 'tap';

import { checkGroup } from '../helpers/recordings.js';

// Each replay is a CLI process compiling the shipped rules; on a shared, loaded machine that is slow.
t.setTimeout(300_000);

// Recorded sessions in the MCP conventions, structured JSON audit logs, and GenAI traces whose
// session sits only on the root span: exact detections, and no sequence across two sessions that
// carry no session id.
const seen = await checkGroup(t, 'conventions');

t.test('two sessions without session ids are not joined; a late root joins its turns', async (t) => {
  t.notOk(seen.get('trace-keyless-sessions-apart.json')?.some((d) => d.rule.startsWith('vigil.sequence.')), 'no sequence across keyless sessions');
  t.ok(seen.get('trace-late-root-secret-then-egress.json')?.some((d) => d.rule === 'vigil.sequence.secret_then_egress'), 'the roots, arriving after their children, give both turns one session');
});
