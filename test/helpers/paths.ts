import { isAbsolute, join } from 'node:path';

/** Resolves a configuration's relative paths (the `var/...` defaults) inside a test's own directory, never the checkout's. */
export const inside =
  (dir: string) =>
  (path: string): string =>
    isAbsolute(path) ? path : join(dir, path);
