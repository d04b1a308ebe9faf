const PLAIN = /^[\w@%+=:,./~-]+$/;

/** An argument vector as one command line, each word quoted as a shell needs: `["sh","-c","a b"]` is `sh -c 'a b'`. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map((word) => (PLAIN.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}
