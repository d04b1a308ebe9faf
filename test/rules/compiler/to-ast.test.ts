import t from 'tap';
import { parseFile } from '../../../src/rules/compiler/parse-file.js';
import { SourceFile } from '../../../src/rules/compiler/source.js';

const parse = (text: string) => parseFile(new SourceFile('a.rules', text));

// The AST without spans and string offsets: what the tests compare.
const shape = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (key, v) => (key === 'at' || key === 'opAt' || key === 'nameAt' || key === 'offsets' ? undefined : key === 'source' ? undefined : v)));

const condition = (text: string) => {
  const { declarations, diagnostics } = parse(`macro m = ${text}`);
  if (diagnostics.length) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return shape((declarations[0] as { body: unknown }).body);
};

t.test('lists, appends and both list brackets', async (t) => {
  const { declarations } = parse(`list a = ["x", 'y', 3, /r/i,]\nlist a += []`);
  t.same(shape(declarations), [
    { kind: 'list', name: { text: 'a' }, op: '=', items: { kind: 'list', items: [{ kind: 'string', value: 'x' }, { kind: 'string', value: 'y' }, { kind: 'number', value: 3 }, { kind: 'regex', pattern: 'r', flags: 'i' }] } },
    { kind: 'list', name: { text: 'a' }, op: '+=', items: { kind: 'list', items: [] } },
  ]);
});

t.test('and binds tighter than or; not binds to one operand; parentheses group', async (t) => {
  t.same(condition('a == 1 or b == 2 and not c exists'), {
    kind: 'or',
    operands: [
      { kind: 'compare', op: '==', left: { kind: 'reference', name: 'a' }, right: { kind: 'number', value: 1 } },
      {
        kind: 'and',
        operands: [
          { kind: 'compare', op: '==', left: { kind: 'reference', name: 'b' }, right: { kind: 'number', value: 2 } },
          { kind: 'not', operand: { kind: 'exists', value: { kind: 'reference', name: 'c' } } },
        ],
      },
    ],
  });
  t.same(condition('(a exists or b exists) and c exists'), {
    kind: 'and',
    operands: [
      { kind: 'or', operands: [{ kind: 'exists', value: { kind: 'reference', name: 'a' } }, { kind: 'exists', value: { kind: 'reference', name: 'b' } }] },
      { kind: 'exists', value: { kind: 'reference', name: 'c' } },
    ],
  });
});

t.test('every comparison form', async (t) => {
  t.same(condition('x not in (1, 2)'), { kind: 'in', negated: true, left: { kind: 'reference', name: 'x' }, right: { kind: 'list', items: [{ kind: 'number', value: 1 }, { kind: 'number', value: 2 }] } });
  t.same(condition('x in names'), { kind: 'in', negated: false, left: { kind: 'reference', name: 'x' }, right: { kind: 'reference', name: 'names' } });
  for (const op of ['==', '!=', '<', '<=', '>', '>=']) t.match(condition(`x ${op} 1`), { kind: 'compare', op });
  for (const op of ['contains', 'icontains', 'startswith', 'endswith', 'glob', 'matches', 'cidr']) t.match(condition(`x ${op} "v"`), { kind: 'string-op', op });
  t.same(condition('attributes["k.v"] matches /a/s'), {
    kind: 'string-op',
    op: 'matches',
    left: { kind: 'reference', name: 'attributes', key: 'k.v' },
    right: { kind: 'regex', pattern: 'a', flags: 's' },
  });
  t.same(condition('concat(lower(a), "b") == true'), {
    kind: 'compare',
    op: '==',
    left: { kind: 'call', name: 'concat', args: [{ kind: 'call', name: 'lower', args: [{ kind: 'reference', name: 'a' }] }, { kind: 'string', value: 'b' }] },
    right: { kind: 'boolean', value: true },
  });
  t.same(condition('is_shell'), { kind: 'bare', value: { kind: 'reference', name: 'is_shell' } });
});

t.test('rules: properties, when, threshold, sequence, except; extend rule', async (t) => {
  const { declarations, diagnostics } = parse(`
rule r.one {
  title: "T" severity: high score: 70 tags: [AML.T0051, "free"] actions: [alert, pause-session]
  when: a exists
  threshold: distinct(url.host) >= 20 within 10m by agent.id, session.id
  except quiet: b exists
}
rule r.two {
  sequence by session.id within 1h {
    step s1: a exists
    step s2: b == s1.b
    until: c exists
  }
}
extend rule r.one { except more: d exists }`);
  t.same(diagnostics, []);
  t.same(shape(declarations), [
    {
      kind: 'rule',
      id: { text: 'r.one' },
      items: [
        { kind: 'property', name: { text: 'title' }, value: { kind: 'string', value: 'T' } },
        { kind: 'property', name: { text: 'severity' }, value: { kind: 'word', text: 'high' } },
        { kind: 'property', name: { text: 'score' }, value: { kind: 'number', value: 70 } },
        { kind: 'property', name: { text: 'tags' }, value: { kind: 'words', items: [{ kind: 'word', text: 'AML.T0051' }, { kind: 'string', value: 'free' }] } },
        { kind: 'property', name: { text: 'actions' }, value: { kind: 'words', items: [{ kind: 'word', text: 'alert' }, { kind: 'word', text: 'pause-session' }] } },
        { kind: 'when', condition: { kind: 'exists', value: { kind: 'reference', name: 'a' } } },
        {
          kind: 'threshold',
          aggregate: { text: 'distinct' },
          field: { kind: 'reference', name: 'url.host' },
          op: '>=',
          bound: { kind: 'number', value: 20 },
          window: { within: [{ value: { kind: 'duration', text: '10m' } }], by: [{ values: [{ kind: 'reference', name: 'agent.id' }, { kind: 'reference', name: 'session.id' }] }] },
        },
        { kind: 'except', name: { text: 'quiet' }, condition: { kind: 'exists', value: { kind: 'reference', name: 'b' } } },
      ],
    },
    {
      kind: 'rule',
      id: { text: 'r.two' },
      items: [
        {
          kind: 'sequence',
          window: { within: [{ value: { kind: 'duration', text: '1h' } }], by: [{ values: [{ kind: 'reference', name: 'session.id' }] }] },
          steps: [
            { name: { text: 's1' }, condition: { kind: 'exists', value: { kind: 'reference', name: 'a' } } },
            { name: { text: 's2' }, condition: { kind: 'compare', op: '==', left: { kind: 'reference', name: 'b' }, right: { kind: 'reference', name: 's1.b' } } },
          ],
          until: [{ condition: { kind: 'exists', value: { kind: 'reference', name: 'c' } } }],
        },
      ],
    },
    { kind: 'extend', id: { text: 'r.one' }, items: [{ kind: 'except', name: { text: 'more' }, condition: { kind: 'exists', value: { kind: 'reference', name: 'd' } } }] },
  ]);
});

t.test('strings decode escapes and remember where each character came from', async (t) => {
  const { declarations } = parse(`list a = ["\\"q\\" \\\\ \\n\\t \\u00e9 \\u{1F600}", 'it\\'s']`);
  const items = (declarations[0] as { items: { items: { value: string; offsets: number[] }[] } }).items.items;
  t.equal(items[0].value, '"q" \\ \n\t é 😀');
  t.equal(items[1].value, "it's");
  t.equal(items[0].offsets[0], 11, 'the first character is the escape at offset 11');
  const bad = parse(`list a = ["\\d"]`);
  t.same(bad.diagnostics.map((d) => [d.line, d.column, d.code, d.message]), [
    [1, 12, 'bad-string', "unknown escape `\\d` (use \\\", \\', \\\\, \\n, \\t, \\r or \\u00e9; write patterns as /…/ regex literals)"],
  ]);
});

t.test('a syntax error costs only its own declaration: every one is reported', async (t) => {
  const { declarations, diagnostics, broken } = parse(`list a = ["x" "y"]
macro m = x ==
rule r { title "t" }
rule ok { when: a exists }
extend rule r2 { except e: }`);
  t.same(diagnostics.map((d) => [d.line, d.column, d.code, d.message]), [
    [1, 15, 'syntax', 'expected `]` but found `"y"`'],
    [3, 1, 'syntax', 'expected a value or a list but found `rule`'],
    [3, 16, 'syntax', 'expected `:` but found `"t"`'],
    [5, 28, 'syntax', 'expected a condition but found `}`'],
  ]);
  t.same(declarations.map((d) => d.kind), ['rule'], 'the good rule is still parsed');
  t.same(broken.map((b) => `${b.kind}:${b.name.text}`), ['list:a', 'macro:m', 'rule:r', 'rule:r2']);
});

t.test('errors at the end of the file point just past the last token', async (t) => {
  const { diagnostics } = parse('rule r {\n  when: a exists');
  t.same(diagnostics.map((d) => [d.line, d.column, d.message]), [[2, 17, 'expected `}` but found the end of the file']]);
});

t.test('text before the first declaration is an error', async (t) => {
  t.same(parse('when: x').diagnostics.map((d) => [d.line, d.column, d.message]), [[1, 1, 'expected a declaration (`list`, `macro`, `rule` or `extend rule`) but found `when`']]);
});
