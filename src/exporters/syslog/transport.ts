import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect as tcpConnect, isIPv6, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';

/** Where messages go: one connection (TCP, TLS) or socket (UDP), reopened after a failure. */
export interface SyslogTransport {
  /** Hands the messages to the network; rejects when the connection failed (the caller retries). */
  write(messages: readonly Buffer[], signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/**
 * TCP or TLS with octet-counting framing (`LEN SP MSG`, RFC 6587 3.4.1 and RFC 5425 4.3), so a
 * message may hold line breaks. The connection is kept and reopened on the next write after the
 * peer closed it or an error; a write resolves once the kernel took the bytes (syslog has no
 * acknowledgement: the event ids let the SIEM fold the repeats of a retry).
 */
export class StreamTransport implements SyslogTransport {
  private socket: Socket | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly tls: ConnectionOptions | undefined,
    private readonly timeoutMs: number,
  ) {}

  private async open(signal: AbortSignal): Promise<Socket> {
    if (this.socket !== undefined && this.socket.writable) return this.socket;
    const socket = this.tls === undefined ? tcpConnect({ host: this.host, port: this.port }) : tlsConnect({ host: this.host, port: this.port, ...this.tls });
    const forget = () => {
      if (this.socket === socket) this.socket = undefined;
      socket.destroy();
    };
    socket.on('error', forget).on('end', forget).on('close', forget);
    try {
      await once(socket, this.tls === undefined ? 'connect' : 'secureConnect', { signal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]) });
    } catch (error) {
      forget();
      throw error;
    }
    socket.setKeepAlive(true);
    socket.resume(); // a syslog server sends nothing; reading is how its close is seen
    return (this.socket = socket);
  }

  async write(messages: readonly Buffer[], signal: AbortSignal): Promise<void> {
    const socket = await this.open(signal);
    const frames = Buffer.concat(messages.flatMap((m) => [Buffer.from(`${m.length} `), m]));
    await new Promise<void>((resolve, reject) => socket.write(frames, (error) => (error ? reject(error) : resolve())));
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined) await new Promise<void>((resolve) => socket.end(resolve));
  }
}

/** UDP, one message per datagram (RFC 5426); what the network loses is not known to the sender. */
export class UdpTransport implements SyslogTransport {
  private readonly socket: UdpSocket;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    this.socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    this.socket.on('error', () => {}); // a send's own callback reports its failure
    this.socket.unref();
  }

  async write(messages: readonly Buffer[]): Promise<void> {
    for (const message of messages) {
      await new Promise<void>((resolve, reject) => this.socket.send(message, this.port, this.host, (error) => (error ? reject(error) : resolve())));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
