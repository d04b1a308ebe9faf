import { readFileSync } from 'node:fs';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas; let total = 0;
const counts = new Map();
for (let i = 0; i < prof.samples.length; i++) { counts.set(prof.samples[i], (counts.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0)); total += dt[i] ?? 0; }
for (const [id, t] of counts) { const n = byId.get(id); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace('file:///work/main/', '')}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + t); }
// inclusive by file
const parent = new Map(); for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (const [id, t] of counts) { const seen = new Set(); for (let cur = id; cur !== undefined; cur = parent.get(cur)) { const n = byId.get(cur); const f = n.callFrame.url.replace('file:///work/main/', '').replace(/^.*node_modules\//, 'nm/'); const key = f.split('/').slice(0, 3).join('/'); if (!seen.has(key)) { seen.add(key); incl.set(key, (incl.get(key) ?? 0) + t); } } }
console.log('total ms', (total / 1000).toFixed(0));
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 35)) console.log((100 * t / total).toFixed(1).padStart(5), k);
console.log('--- inclusive by module');
for (const [k, t] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log((100 * t / total).toFixed(1).padStart(5), k);
