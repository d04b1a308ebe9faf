import { Redis, Cluster, type RedisOptions } from 'ioredis';
import { parseDuration } from '../../config/index.js';

/** How to reach Redis: `rules.state.redis` in config.yaml. */
export interface RedisSettings {
  /** `redis://[user:password@]HOST:PORT[/db]` (or `rediss://` for TLS); standalone, and the seed of the other modes. */
  readonly url: string;
  readonly mode: 'standalone' | 'sentinel' | 'cluster';
  /** Sentinel: `host:port` of each sentinel, and the monitored master's name. */
  readonly sentinels: readonly string[];
  readonly sentinel_name: string;
  /** Cluster: `host:port` of the seed nodes (the url's host when empty). */
  readonly cluster_nodes: readonly string[];
  /** Put before every key, so several deployments can share one Redis. */
  readonly key_prefix: string;
  readonly tls: boolean;
  readonly username: string;
  readonly password: string;
  /** A command slower than this fails (and the caller degrades): a duration such as `200ms`. */
  readonly command_timeout: string;
}

/** A Redis client of either kind; both speak the same commands. */
export type RedisClient = Redis | Cluster;

function hostPort(text: string): { host: string; port: number } {
  const at = text.lastIndexOf(':');
  return at < 0 ? { host: text, port: 6379 } : { host: text.slice(0, at), port: Number(text.slice(at + 1)) };
}

/**
 * A client for the settings. It reconnects by itself (backoff capped at 2 s) and never queues
 * commands while disconnected: a call fails at once, so callers can degrade instead of waiting.
 */
export function connectRedis(settings: RedisSettings): RedisClient {
  const url = new URL(settings.url);
  const common: RedisOptions = {
    username: settings.username || decodeURIComponent(url.username) || undefined,
    password: settings.password || decodeURIComponent(url.password) || undefined,
    tls: settings.tls || url.protocol === 'rediss:' ? {} : undefined,
    commandTimeout: parseDuration(settings.command_timeout),
    enableOfflineQueue: false,
    // Commands issued in the same tick go out as one pipeline: a batch's commands cost one round trip.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(2000, 50 * 2 ** Math.min(attempt, 6)),
    lazyConnect: false,
  };
  if (settings.mode === 'cluster') {
    const seeds = settings.cluster_nodes.length > 0 ? settings.cluster_nodes.map(hostPort) : [{ host: url.hostname, port: Number(url.port || 6379) }];
    return new Cluster(seeds, { redisOptions: common, enableOfflineQueue: false, enableAutoPipelining: true, clusterRetryStrategy: common.retryStrategy });
  }
  if (settings.mode === 'sentinel') {
    return new Redis({ ...common, sentinels: settings.sentinels.map(hostPort), name: settings.sentinel_name });
  }
  const db = Number(url.pathname.slice(1) || 0);
  return new Redis({ ...common, host: url.hostname, port: Number(url.port || 6379), db });
}
