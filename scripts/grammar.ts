// Regenerates grammar/syntax-diagrams.html from the parser (`npm run grammar`); a test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { syntaxDiagramsHtml } from '../src/rules/compiler/syntax-diagrams.js';

const target = new URL('../grammar/syntax-diagrams.html', import.meta.url);
writeFileSync(target, syntaxDiagramsHtml());
console.log(`wrote ${target.pathname}`);
