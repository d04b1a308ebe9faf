import { readFileSync, watch, type FSWatcher } from 'node:fs';

/** A listener's TLS files: certificate chain and key, and the CA that client certificates must chain to (mTLS). */
export interface TlsFiles {
  readonly certPath: string;
  readonly keyPath: string;
  readonly clientCaPath?: string;
}

/** The PEM contents of a listener's TLS files. */
export interface TlsMaterial {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly ca?: Buffer;
}

/** Reads the files (fails startup with the path when one cannot be read). */
export function readTls(files: TlsFiles): TlsMaterial {
  return { cert: readFileSync(files.certPath), key: readFileSync(files.keyPath), ...(files.clientCaPath && { ca: readFileSync(files.clientCaPath) }) };
}

/**
 * Calls onChange with the new material whenever a file changes (a renewed certificate), debounced;
 * a half-written file that does not load is reported and the old material stays. Returns the stop.
 */
export function watchTls(files: TlsFiles, onChange: (material: TlsMaterial) => void, onError: (error: Error) => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const reload = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        onChange(readTls(files));
      } catch (error) {
        onError(error as Error);
      }
    }, 100);
  };
  const watchers: FSWatcher[] = [files.certPath, files.keyPath, files.clientCaPath].filter((p): p is string => !!p).map((p) => watch(p, reload).on('error', onError));
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
