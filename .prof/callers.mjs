import { readFileSync } from 'node:fs';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const pat = new RegExp(process.argv[3]);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map(); for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const counts = new Map(); let total = 0;
for (let i = 0; i < prof.samples.length; i++) { counts.set(prof.samples[i], (counts.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0)); total += prof.timeDeltas[i] ?? 0; }
const name = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace('file:///work/main/', '')}:${n.callFrame.lineNumber}`;
const stacks = new Map();
for (const [id, t] of counts) {
  const chain = []; for (let cur = id; cur !== undefined; cur = parent.get(cur)) chain.push(byId.get(cur));
  const at = chain.findIndex((n) => pat.test(name(n)));
  if (at < 0) continue;
  const key = chain.slice(at, at + Number(process.argv[4] ?? 6)).map(name).join(' <- ');
  stacks.set(key, (stacks.get(key) ?? 0) + t);
}
for (const [k, t] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log((100 * t / total).toFixed(1), k, '\n');
