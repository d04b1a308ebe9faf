import { readFileSync } from 'node:fs';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const pat = new RegExp(process.argv[3]);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const counts = new Map(); let total = 0;
for (let i = 0; i < prof.samples.length; i++) { counts.set(prof.samples[i], (counts.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0)); total += prof.timeDeltas[i] ?? 0; }
const name = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace('file:///work/main/', '')}:${n.callFrame.lineNumber}`;
const inclusive = (n) => (counts.get(n.id) ?? 0) + (n.children ?? []).reduce((s, c) => s + inclusive(byId.get(c)), 0);
const agg = new Map();
for (const n of prof.nodes) if (pat.test(name(n))) for (const c of n.children ?? []) { const cn = byId.get(c); agg.set(name(cn), (agg.get(name(cn)) ?? 0) + inclusive(cn)); }
let tot = 0; for (const n of prof.nodes) if (pat.test(name(n))) tot += inclusive(n);
console.log('matched inclusive', (100 * tot / total).toFixed(1));
for (const [k, t] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log((100 * t / total).toFixed(1).padStart(5), k);
