import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { connectRedis, type RedisClient } from '../../src/store/redis/index.js';

/** A free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A real redis-server on a loopback port, without persistence; `stop` and `start` simulate an outage. */
export class RedisServer {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  /** The url config.yaml takes. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts /usr/bin/redis-server on a free port and waits until it answers PING. */
  static async start(t: { teardown: (fn: () => unknown) => void }): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.start();
    t.teardown(() => server.stop());
    return server;
  }

  /** (Re)starts the server on the same port. */
  async start(): Promise<void> {
    this.child = spawn('/usr/bin/redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const probe = new Redis({ port: this.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {}); // refused until the server listens
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    probe.disconnect();
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  /** Freezes the server (SIGSTOP): connections stay open and nothing answers, as with a stalled Redis. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  /** Lets a frozen server run again. */
  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  /** Kills the server and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    });
  }
}

/** A Vigil Redis client (the gateway's settings) for a test server, ready to use; disconnected at teardown. */
export async function redisClient(t: { teardown: (fn: () => unknown) => void }, server: RedisServer, prefix = 'test:'): Promise<RedisClient> {
  const redis = connectRedis({ url: server.url, mode: 'standalone', sentinels: [], sentinel_name: '', cluster_nodes: [], key_prefix: prefix, tls: false, username: '', password: '', command_timeout: '1s' });
  redis.on('error', () => {}); // outages are part of some tests
  t.teardown(() => redis.disconnect());
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  return redis;
}
