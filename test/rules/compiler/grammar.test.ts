import { readFileSync } from 'node:fs';
import t from 'tap';
import { parser } from '../../../src/rules/compiler/parser.js';
import { syntaxDiagramsHtml } from '../../../src/rules/compiler/syntax-diagrams.js';

const read = (name: string) => readFileSync(new URL(`../../../grammar/${name}`, import.meta.url), 'utf8');

t.test('grammar/syntax-diagrams.html is what the parser generates now (run `npm run grammar`)', async (t) => {
  t.ok(read('syntax-diagrams.html') === syntaxDiagramsHtml(), 'the committed diagrams are up to date');
});

t.test('grammar/vigil-rules.ebnf has a production for every parser rule, and no other', async (t) => {
  const ebnf = read('vigil-rules.ebnf');
  const productions = [...ebnf.matchAll(/^([a-z][A-Za-z]*)\s+::=/gm)].map((m) => m[1]).filter((name) => name !== 'ruleSet');
  const rules = parser.getGAstProductions();
  t.same([...productions].sort(), [...Object.keys(rules)].sort());
});
