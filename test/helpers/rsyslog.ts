import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestCert } from './tls-cert.js';

/** Where Debian installs rsyslogd; the syslog tests skip (saying why) when it is absent. */
export const RSYSLOGD = '/usr/sbin/rsyslogd';

/** Why the rsyslog tests cannot run here, or undefined when they can (TLS needs rsyslog-openssl). */
export function rsyslogMissing(tls = false): string | undefined {
  if (!existsSync(RSYSLOGD)) return `${RSYSLOGD} is not installed (apt-get install rsyslog)`;
  if (tls && !['x86_64-linux-gnu', 'aarch64-linux-gnu'].some((arch) => existsSync(`/usr/lib/${arch}/rsyslog/lmnsd_ossl.so`))) {
    return 'rsyslog has no OpenSSL stream driver (apt-get install rsyslog-openssl)';
  }
  return undefined;
}

/** A free loopback TCP port (also free for UDP in practice: nothing else binds test ports). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// What rsyslog parsed of each RFC 5424 message, one line per message, fields split by a tab.
const TEMPLATE = 'template(name="fields" type="string" string="%pri%\\t%timereported:::date-rfc3339%\\t%hostname%\\t%app-name%\\t%procid%\\t%msgid%\\t%structured-data%\\t%msg%\\n")';

/** One message as rsyslog parsed and wrote it. */
export interface ParsedMessage {
  readonly pri: number;
  readonly timestamp: string;
  readonly hostname: string;
  readonly appName: string;
  readonly procId: string;
  readonly msgId: string;
  readonly structuredData: string;
  readonly msg: string;
}

/**
 * A real rsyslogd on loopback ports of its own (TCP or TLS, and UDP), with a temporary config
 * that writes every parsed message to a temporary file; restartable on the same ports.
 */
export class Rsyslog {
  private process: ChildProcess | undefined;

  private constructor(
    readonly dir: string,
    readonly tcpPort: number,
    readonly udpPort: number,
  ) {}

  /** Starts rsyslogd; with `cert`, its TCP input speaks TLS (anonymous clients). */
  static async start(cert?: TestCert): Promise<Rsyslog> {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-rsyslog-'));
    const rsyslog = new Rsyslog(dir, await freePort(), await freePort());
    const tls = cert === undefined ? '' : `global(defaultNetstreamDriver="ossl" defaultNetstreamDriverCAFile="${cert.certFile}" defaultNetstreamDriverCertFile="${cert.certFile}" defaultNetstreamDriverKeyFile="${cert.keyFile}")`;
    const tcpModule = cert === undefined ? 'module(load="imtcp")' : 'module(load="imtcp" streamDriver.name="ossl" streamDriver.mode="1" streamDriver.authMode="anon")';
    writeFileSync(join(dir, 'rsyslog.conf'), [
      `global(workDirectory="${dir}" maxMessageSize="64k")`,
      tls,
      tcpModule,
      'module(load="imudp")',
      TEMPLATE,
      'ruleset(name="out") { action(type="omfile" file="' + join(dir, 'out.log') + '" template="fields" flushOnTXEnd="on") }',
      `input(type="imtcp" address="127.0.0.1" port="${rsyslog.tcpPort}" ruleset="out")`,
      `input(type="imudp" address="127.0.0.1" port="${rsyslog.udpPort}" ruleset="out")`,
      '',
    ].join('\n'));
    await rsyslog.resume();
    return rsyslog;
  }

  /** (Re)starts the daemon and waits until its TCP input accepts connections. */
  async resume(): Promise<void> {
    const child = spawn(RSYSLOGD, ['-n', '-f', join(this.dir, 'rsyslog.conf'), '-i', join(this.dir, 'rsyslog.pid')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.process = child;
    for (let attempt = 0; attempt < 100; attempt++) {
      if (child.exitCode !== null) throw new Error(`rsyslogd exited ${child.exitCode}: ${stderr}`);
      const up = await new Promise<boolean>((resolve) => {
        const socket = connect(this.tcpPort, '127.0.0.1', () => { socket.destroy(); resolve(true); });
        socket.on('error', () => resolve(false));
      });
      if (up) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`rsyslogd did not listen on ${this.tcpPort}: ${stderr}`);
  }

  /** Stops the daemon (SIGTERM: it flushes what it has) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  /** The messages written so far. */
  messages(): ParsedMessage[] {
    const file = join(this.dir, 'out.log');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').map((line) => {
      const [pri, timestamp, hostname, appName, procId, msgId, structuredData, ...msg] = line.split('\t');
      return { pri: Number(pri), timestamp, hostname, appName, procId, msgId, structuredData, msg: msg.join('\t') };
    });
  }

  /** Waits until at least `count` messages were written (bounded), then returns them. */
  async waitFor(count: number): Promise<ParsedMessage[]> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const messages = this.messages();
      if (messages.length >= count) return messages;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.messages();
  }

  /** Stops the daemon and removes its files. */
  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
