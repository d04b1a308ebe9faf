import { createRequire } from 'node:module';
import { Language, Parser, type Tree } from 'web-tree-sitter';

// tree-sitter-bash runs as WebAssembly: no native build, and the bash grammar's own error
// recovery, which stays linear on hostile input (docs/shell-parser-choice.md has the figures).
// Loading is asynchronous once; this module finishes it before any importer runs, so parsing is
// synchronous everywhere after (gateway, replay, rules test, tests alike).
const require = createRequire(import.meta.url);
await Parser.init();
const bash = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
const parser = new Parser();
parser.setLanguage(bash);

/** The bash syntax tree of `text`; the caller deletes it (it lives in WebAssembly memory). */
export function parseBash(text: string): Tree {
  const tree = parser.parse(text);
  if (tree === null) throw new Error('tree-sitter returned no tree');
  return tree;
}
