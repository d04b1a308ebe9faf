import t from 'tap';
import { compileGlobs, globError, globToRegex } from '../../../src/rules/compiler/glob.js';

t.test('globs become anchored patterns', async (t) => {
  t.equal(globToRegex('/etc/*.conf'), '(?s)^\\/etc\\/.*\\.conf$');
  t.equal(globToRegex('a?[!x-z]'), '(?s)^a.[^x-z]$');
  t.equal(globToRegex('C:\\x(1)'), '(?s)^C:\\\\x\\(1\\)$', 'backslashes and regex metacharacters are literal');
});

t.test('one matcher for a list: literal, prefix, suffix, infix and general forms together', async (t) => {
  const match = compileGlobs(['/etc/shadow', '/etc/ssh/*', '*.github.com', '*/.ssh/*', 'a?c', 'x[0-9]y', 'p*q*r']);
  for (const text of ['/etc/shadow', '/etc/ssh/', '/etc/ssh/x/y', 'api.github.com', '/h/.ssh/k', 'abc', 'x5y', 'pqr', 'p1q2r']) t.ok(match(text), text);
  for (const text of ['/etc/shadow2', 'github.com', '/h/.sshx', 'ac', 'xay', 'pq', '']) t.notOk(match(text), text);
  t.notOk(compileGlobs([])('x'), 'an empty list matches nothing');
});

t.test('malformed globs', async (t) => {
  t.equal(globError('/etc/[ab'), 'unterminated `[` in glob `/etc/[ab`');
  t.equal(globError('[]]x'), undefined, 'a leading ] is a class member');
  t.equal(globError('C:\\*'), undefined);
});
