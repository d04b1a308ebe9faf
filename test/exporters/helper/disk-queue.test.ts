import { appendFileSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { DiskQueue, type DiskQueueOptions } from '../../../src/exporters/helper/disk-queue.js';
import { QueueFullError } from '../../../src/exporters/helper/queue.js';

const dirOf = (): string => mkdtempSync(join(tmpdir(), 'vigil-queue-'));
const options = (directory: string, more: Partial<DiskQueueOptions> = {}): DiskQueueOptions => ({
  directory, maxBytes: 1 << 20, segmentBytes: 1024, policy: 'refuse', fsync: 'always', fsyncIntervalMs: 1000, onDrop: () => {}, ...more,
});
const payload = (n: number, size = 100): Buffer => Buffer.alloc(size, n % 256);

t.test('appends, reads in order, acks, and replays only what was not acknowledged', async (t) => {
  const dir = dirOf();
  const { queue } = await DiskQueue.open(options(dir));
  for (let i = 0; i < 20; i++) await queue.append(payload(i), 2);
  await Promise.all(Array.from({ length: 10 }, (_, i) => queue.append(payload(20 + i), 2))); // one group commit
  t.same(queue.stats(), { records: 30, items: 60, bytes: 30 * 120 });
  const first = await queue.read(10, 1 << 20);
  t.same(first.map((r) => r.seq), [0, 1, 2, 3, 4], 'the item limit cuts the batch (5 records x 2 items)');
  t.ok(first.every((r, i) => r.payload.equals(payload(i))), 'payloads come back as written');
  await queue.ack(first);
  const inFlight = await queue.read(4, 1 << 20);
  t.same(inFlight.map((r) => r.seq), [5, 6], 'read but not acknowledged');
  t.ok(readdirSync(dir).filter((n) => n.endsWith('.log')).length > 1, 'segments rotate at segment_bytes');
  await queue.close();

  const reopened = await DiskQueue.open(options(dir));
  t.same(reopened.queue.stats().records, 25, 'after a restart the unacknowledged records are pending again');
  const replay = await reopened.queue.read(1000, 1 << 20);
  t.same(replay.map((r) => r.seq), Array.from({ length: 25 }, (_, i) => i + 5), 'replay starts after the last ack');
  t.ok(replay.every((r) => r.payload.equals(payload(r.seq))));
  await reopened.queue.ack(replay);
  t.equal(readdirSync(dir).filter((n) => n.endsWith('.log')).length, 1, 'acknowledged segments are deleted, the active one kept');
  t.same(reopened.queue.stats().records, 0);
  await reopened.queue.append(payload(30), 1);
  t.same((await reopened.queue.read(10, 1 << 20)).map((r) => r.seq), [30], 'numbering continues');
  await reopened.queue.close();
});

t.test('a torn record at the tail (crash mid-write) is cut; everything before it survives', async (t) => {
  const dir = dirOf();
  const { queue } = await DiskQueue.open(options(dir, { segmentBytes: 1 << 20 }));
  for (let i = 0; i < 3; i++) await queue.append(payload(i), 1);
  await queue.close();
  const [segment] = readdirSync(dir).filter((n) => n.endsWith('.log'));
  appendFileSync(join(dir, segment), Buffer.from([50, 0, 0, 0, 1, 2, 3])); // a header cut short
  const reopened = await DiskQueue.open(options(dir, { segmentBytes: 1 << 20 }));
  t.equal(reopened.truncatedBytes, 7);
  t.equal(statSync(join(dir, segment)).size, 3 * 120);
  const records = await reopened.queue.read(100, 1 << 20);
  t.same(records.map((r) => r.seq), [0, 1, 2]);
  await reopened.queue.append(payload(3), 1);
  t.same((await reopened.queue.read(100, 1 << 20)).map((r) => r.seq), [3], 'appends continue after the cut');
  await reopened.queue.close();
});

t.test('refuse: a full budget rejects the append and keeps what is queued', async (t) => {
  const { queue } = await DiskQueue.open(options(dirOf(), { maxBytes: 600, segmentBytes: 240 }));
  for (let i = 0; i < 5; i++) await queue.append(payload(i), 1);
  t.notOk(queue.hasRoom(120), 'readiness sees the full budget');
  await t.rejects(queue.append(payload(5), 1), QueueFullError);
  t.same(queue.stats().records, 5);
  const records = await queue.read(100, 1 << 20);
  await queue.ack(records);
  t.ok(queue.hasRoom(120), 'acknowledged segments give their room back');
  await queue.append(payload(6), 1);
  await queue.close();
});

t.test('drop_oldest: the oldest segment goes, its unread items counted, in-flight ones still acknowledged', async (t) => {
  const drops: [number, string][] = [];
  const { queue } = await DiskQueue.open(options(dirOf(), { maxBytes: 720, segmentBytes: 240, policy: 'drop_oldest', onDrop: (n, r) => drops.push([n, r]) }));
  for (let i = 0; i < 6; i++) await queue.append(payload(i), 3);
  const inFlight = await queue.read(3, 1 << 20); // seq 0, read not acked
  await queue.append(payload(6), 3); // needs room: segment [0,1] goes
  t.same(drops, [[3, 'queue_full']], 'seq 1 was unread: 3 items dropped');
  t.same(queue.stats(), { records: 6, items: 18, bytes: 600 }, 'seq 0 still in flight, seq 2..6 queued');
  await queue.ack(inFlight);
  const rest = await queue.read(100, 1 << 20);
  t.same(rest.map((r) => r.seq), [2, 3, 4, 5, 6]);
  await queue.ack(rest);
  t.same(queue.stats().items, 0);
  await queue.close();
});

t.test('records larger than the budget are refused under either policy', async (t) => {
  const { queue } = await DiskQueue.open(options(dirOf(), { maxBytes: 100, policy: 'drop_oldest' }));
  await t.rejects(queue.append(payload(0, 200), 1), QueueFullError);
  await queue.close();
});

t.test('one queue per folder: a second open is refused until the first closes; a dead holder\'s lock is taken over', async (t) => {
  const dir = dirOf();
  const { queue } = await DiskQueue.open(options(dir));
  await t.rejects(DiskQueue.open(options(dir)), /already open in this process/);
  await queue.close();
  writeFileSync(join(dir, 'lock'), '999999999'); // a pid that does not exist: a SIGKILLed gateway
  const reopened = await DiskQueue.open(options(dir));
  await reopened.queue.close();
  writeFileSync(join(dir, 'lock'), String(process.ppid)); // a live process
  await t.rejects(DiskQueue.open(options(dir)), /in use by process/);
});
