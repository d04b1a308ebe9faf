import RE2 from 're2';
import { readFileSync, readdirSync } from 'node:fs';
import { parseFile } from './src/rules/parse-file.js';
import { SourceFile } from './src/rules/source.js';
import { collect } from './src/rules/collect.js';
import { checkRuleSet } from './src/rules/checker.js';
import { subjectKey } from './src/rules/codegen-value.js';
import type { IrCondition } from './src/rules/ir.js';
const files = readdirSync('rules.d').filter(f => f.endsWith('.rules')).sort().map(f => ({ path: 'rules.d/' + f, text: readFileSync('rules.d/' + f, 'utf8') }));
const parsed = files.map(f => parseFile(new SourceFile(f.path, f.text)));
const diags: any[] = [];
const { rules } = checkRuleSet(collect(parsed, diags), diags);
const groups = new Map<string, Set<string>>();
const seen = new Set<IrCondition>();
const walk = (c: IrCondition) => {
  if (seen.has(c)) return; seen.add(c);
  if (c.kind === 'and' || c.kind === 'or') c.operands.forEach(walk);
  else if (c.kind === 'not') walk(c.operand);
  else if (c.kind === 'matches') { const k = subjectKey(c.value) ?? '?'; const g = groups.get(k) ?? new Set(); for (const p of c.patterns) g.add((p.flags ? `(?${p.flags})` : '') + p.source); groups.set(k, g); }
};
for (const r of rules) { const b = r.body; if (b.kind === 'sequence') b.steps.forEach(s => walk(s.when)); else walk(b.when); r.excepts.forEach(walk); }
for (const [k, g] of groups) console.log(g.size, k);
const big = [...groups.get('b64decode(concat(command,body,tool.args))')!];
let t0 = Date.now(); const set = new RE2.Set(big); console.log('set build ms', Date.now() - t0);
const singles = big.map(p => new RE2(p));
// sample texts: all strings in test yaml files
const texts: string[] = [];
for (const f of readdirSync('rules.d').filter(f => f.endsWith('.yaml'))) for (const m of readFileSync('rules.d/' + f, 'utf8').matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)) texts.push(m[1] ?? m[2]);
texts.push('cd /workspace && npm run build && git status '.repeat(50));
let mismatches = 0;
for (const text of texts) {
  const a = set.match(text).sort((x, y) => x - y).join(',');
  const b = singles.map((r, i) => r.test(text) ? i : -1).filter(i => i >= 0).join(',');
  if (a !== b) { mismatches++; if (mismatches < 5) console.log('MISMATCH', JSON.stringify(text).slice(0, 100), a, '|', b); }
}
console.log('texts', texts.length, 'mismatches', mismatches);
const long = texts[texts.length - 1];
for (const [name, fn] of [['set', () => set.match(long)], ['singles', () => singles.forEach(r => r.test(long))], ['set short', () => set.match('ls -la')], ['singles short', () => singles.forEach(r => r.test('ls -la'))]] as const) {
  for (let i = 0; i < 200; i++) fn();
  const t = process.hrtime.bigint(); for (let i = 0; i < 2000; i++) fn(); console.log(name, (Number(process.hrtime.bigint() - t) / 2000 / 1000).toFixed(1), 'µs');
}
