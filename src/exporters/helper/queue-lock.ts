import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Folders held by this process: a second queue on the same folder would interleave two logs.
const held = new Set<string>();

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Claims a queue folder for this process (a `lock` file holding the pid). A lock left by a
 * process that is gone (SIGKILL) is taken over; one held by a live process, or already held
 * here, is refused with a clear error, so two gateways never share a log.
 */
export function lockQueueFolder(dir: string): () => void {
  const path = join(dir, 'lock');
  if (held.has(dir)) throw new Error(`queue folder ${dir} is already open in this process (two exporters with one folder?)`);
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number(readFileSync(path, 'utf8'));
    if (holder !== process.pid && Number.isInteger(holder) && holder > 0 && alive(holder)) throw new Error(`queue folder ${dir} is in use by process ${holder}`);
    writeFileSync(path, String(process.pid));
  }
  held.add(dir);
  return () => {
    held.delete(dir);
    try {
      unlinkSync(path);
    } catch {
      // already gone: nothing to release
    }
  };
}
