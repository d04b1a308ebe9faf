import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { compileRuleSet } from '../../../src/rules/index.js';
import { fuzzParams } from '../../helpers/fuzz.js';

const RULES = join(import.meta.dirname, '..', '..', '..', 'rules.d');
const shipped = readdirSync(RULES)
  .filter((f) => f.endsWith('.rules'))
  .map((f) => ({ path: `rules.d/${f}`, text: readFileSync(join(RULES, f), 'utf8') }));
const sequences = shipped.find((f) => f.path.endsWith('-sequences.rules'))!;
// Pieces of the language, so damaged text stays close enough to parse far.
const TOKENS = ['rule ', 'macro ', 'list ', '{', '}', '[', ']', '(', ')', '"', ':', ',', ' and ', ' or ', ' not ', ' in ', ' contains ', '\n', ' when: ', ' except x: ', '__proto__', 'constructor', 'count(', ' by ', ' within 5m', ' sequence ', '\u0000', '\uFFFF', '😀', '/*', '*/', '#'];

/** A shipped rule file (with the shared lists and macros) with text cut out, or tokens or any characters put in. */
const damagedRuleSet = fc
  .tuple(fc.nat(shipped.length - 1), fc.nat(), fc.nat(40), fc.oneof(fc.array(fc.constantFrom(...TOKENS), { maxLength: 6 }).map((a) => a.join('')), fc.string({ maxLength: 20, unit: 'binary' })))
  .map(([which, at, cut, insert]) => {
    const file = shipped[which]!;
    const i = at % (file.text.length + 1);
    const text = file.text.slice(0, i) + insert + file.text.slice(i + cut);
    const where = `${file.path} at ${i}: cut ${cut}, insert ${JSON.stringify(insert)}`;
    // The damaged file with the shared lists and the sequences (which use them), not the whole set: each compile stays short.
    const files = [...new Set([shipped[0]!, sequences, file])].map((f) => (f === file ? { path: f.path, text } : f));
    return { files, [fc.toStringMethod]: () => where };
  });

t.test('damaged rule text compiles or reports diagnostics with positions; the compiler never throws', async (t) => {
  let failed = 0;
  fc.assert(
    fc.property(damagedRuleSet, ({ files }) => {
      const result = compileRuleSet(files);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) failed++;
      // No rules at all, or a whole set: a half-valid set is never loaded.
      return errors.every((d) => d.line >= 1 && d.message.length > 0) && (errors.length === 0 || result.rules.length === 0);
    }),
    fuzzParams(80),
  );
  t.ok(failed > 0, `${failed} damaged sets refused with diagnostics`);
  t.equal(({} as Record<string, unknown>).polluted, undefined);
});

t.test('a sequence step using a broken macro is reported, not a crash (found by the fuzz run)', async (t) => {
  const text = `macro broken = command contains
rule r.seq {
  title: "t"
  severity: low
  score: 1
  message: "m"
  actions: [alert]
  sequence by session.id within 10m {
    step a: broken
    step b: command contains "x"
  }
}
`;
  const result = compileRuleSet([{ path: 'x.rules', text }]);
  t.equal(result.rules.length, 0);
  t.ok(result.diagnostics.some((d) => d.severity === 'error' && d.line <= 2), 'the error is named where the macro breaks');
});
