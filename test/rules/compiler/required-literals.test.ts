import RE2 from 're2';
import t from 'tap';
import { foldText, NON_ASCII, requiredLiterals } from '../../../src/rules/compiler/required-literals.js';

t.test('literals every match contains: alternations, concatenations, groups and escapes', async (t) => {
  t.same(requiredLiterals('curl'), [['curl']]);
  t.same(requiredLiterals('(?i)\\b(?:curl|wget)\\s+-o'), [['curl', 'wget'], ['-o']]);
  t.same(requiredLiterals('rm\\x20-rf'), [['rm -rf']]);
  t.same(requiredLiterals('\\Qa.b\\E+c'), [['a.b'], ['c']].sort(), 'a repeat keeps what its atom needs');
  t.same(requiredLiterals('(?P<x>ab|cd)e'), [['abe', 'cde']]);
  t.same(requiredLiterals('[\\x{202A}-\\x{202E}]|[\\x{200B}]'), [[NON_ASCII]]);
});

t.test('no requirement where a match may hold none: optional parts, classes, an empty branch', async (t) => {
  for (const source of ['a?', '(?:ab)*', '\\w+', '.', 'ab|', '[a-z]', '[-]', '[\\x{212A}]', 'x{0,3}']) t.equal(requiredLiterals(source), undefined, source);
  t.equal(requiredLiterals('(?=a)'), undefined, 'syntax the reader does not know gives no prefilter, never a wrong one');
});

t.test('folding keeps every RE2 case-insensitive match findable', async (t) => {
  for (const [source, text] of [['(?i)kill', 'KILL'], ['(?i)kill', '\u212Aill'], ['(?i)ssh', '\u017Fsh'], ['DROP', 'xDROPx']]) {
    t.ok(new RE2(source).test(text), `${source} matches ${text}`);
    const [set] = requiredLiterals(source)!;
    t.ok(set.some((literal) => foldText(text).includes(literal)), `the prefilter keeps ${text}`);
  }
});

t.test('on hostile sizes the reader stays bounded', async (t) => {
  const wide = Array.from({ length: 5000 }, (_, i) => `w${i}`).join('|');
  t.equal(requiredLiterals(wide), undefined, 'too many alternatives: no prefilter');
  t.same(requiredLiterals('(?:(?:(?:(?:ab)))))'), undefined, 'unbalanced');
  const deep = '('.repeat(500) + 'a' + ')'.repeat(500);
  t.same(requiredLiterals(deep), [['a']]);
});
