// Rewrites README's alias and dialect tables from the code (`npm run aliases`); a test fails when README is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { aliasTableMarkdown, dialectTableMarkdown } from '../src/event/alias-table.js';

const target = new URL('../README.md', import.meta.url);
let readme = readFileSync(target, 'utf8');
for (const [name, table] of [['alias-table', aliasTableMarkdown()], ['dialect-table', dialectTableMarkdown()]] as const) {
  const pattern = new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->`);
  if (!pattern.test(readme)) throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> block`);
  readme = readme.replace(pattern, `<!-- ${name}:start -->\n${table}\n<!-- ${name}:end -->`);
}
writeFileSync(target, readme);
console.log(`wrote ${target.pathname}`);
