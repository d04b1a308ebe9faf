import { join } from 'node:path';
import { DiskQueue } from './disk-queue.js';
import { MemoryQueue } from './memory-queue.js';
import type { DeliveryQueue } from './queue.js';
import type { DeliverySettings } from './settings.js';

/** The folder of an exporter's log: `otlp/downstream` keeps its segments in `<directory>/otlp_downstream`. */
export const queueFolder = (name: string): string => name.replace(/[^A-Za-z0-9_.-]/g, '_');

/** Opens the queue an exporter's settings ask for; a disk queue replays what it held. */
export async function openQueue(
  name: string,
  settings: DeliverySettings['queue'],
  resolvePath: (path: string) => string,
  onDrop: (items: number, reason: string) => void,
): Promise<{ queue: DeliveryQueue; truncatedBytes: number }> {
  if (settings.mode === 'memory') return { queue: new MemoryQueue(settings.max_bytes, settings.full_policy, onDrop), truncatedBytes: 0 };
  return DiskQueue.open({
    directory: join(resolvePath(settings.directory), queueFolder(name)),
    maxBytes: settings.max_bytes,
    segmentBytes: settings.segment_bytes,
    policy: settings.full_policy,
    fsync: settings.fsync,
    fsyncIntervalMs: settings.fsyncIntervalMs,
    onDrop,
  });
}
