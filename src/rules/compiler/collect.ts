import { resolveField } from '../../event/index.js';
import type { Condition, Declaration, Literal, Name, RuleItem } from './ast.js';
import { diagnosticAt, type Diagnostic, type Span } from './diagnostics.js';
import type { ParsedFile } from './parse-file.js';
import { didYouMean } from './suggest.js';

type Of<K extends Declaration['kind']> = Extract<Declaration, { kind: K }>;

/** A list with every `+=` of the rule set appended, in file order, and every `-=` removed. */
export interface CollectedList {
  readonly decl: Of<'list'>;
  items: Literal[];
  /** Items taken out by `-=`, with where (for `vigil rules check`). */
  readonly removed: { readonly item: Literal; readonly at: Span }[];
}

/** What `extend rule` may change besides adding exceptions. */
export const TUNABLE = ['enabled', 'severity', 'score', 'tags', 'actions'] as const;

/** A rule with the exceptions and overrides every `extend rule` adds to it. */
export interface CollectedRule {
  readonly decl: Of<'rule'>;
  readonly extensions: Extract<RuleItem, { kind: 'except' }>[];
  /** `enabled:`, `severity:`, `score:`, `tags:`, `actions:` from `extend rule`, in file order (the last one wins). */
  readonly overrides: Extract<RuleItem, { kind: 'property' }>[];
}

// Two literals are the same item when they have the same kind and value (a regex: pattern and flags).
const sameItem = (a: Literal, b: Literal): boolean =>
  a.kind === b.kind && (a.kind === 'regex' && b.kind === 'regex' ? a.pattern === b.pattern && a.flags === b.flags : 'value' in a && 'value' in b && a.value === b.value);
const itemText = (item: Literal): string => item.at.source.text.slice(item.at.start, item.at.end);

/** The declarations of a whole rule set, by name. */
export interface Collected {
  readonly lists: ReadonlyMap<string, CollectedList>;
  readonly macros: ReadonlyMap<string, Of<'macro'>>;
  /** Macros that use themselves; their cycle is reported once, they are not expanded. */
  readonly cyclic: ReadonlySet<string>;
  readonly rules: readonly CollectedRule[];
  /** `list:NAME`, `macro:NAME`, `rule:NAME` of declarations with syntax errors: not "unknown" too. */
  readonly broken: ReadonlySet<string>;
}

const where = (at: Span): string => `${at.source.path}:${at.source.position(at.start).line}`;

// The first declaration of a name wins; later ones are reported with where the first one is.
function claim<T>(map: Map<string, T>, kind: string, name: Name, value: T, nameOf: (value: T) => Name, diagnostics: Diagnostic[]): boolean {
  const earlier = map.get(name.text);
  if (earlier === undefined) map.set(name.text, value);
  else diagnostics.push(diagnosticAt(name.at, 'duplicate', `${kind} \`${name.text}\` is already declared at ${where(nameOf(earlier).at)}`));
  return earlier === undefined;
}

/** Calls `visit` on every `bare` name (a macro use) of a condition. */
export function forEachBareName(condition: Condition, visit: (name: string, at: Span) => void): void {
  if (condition.kind === 'and' || condition.kind === 'or') for (const operand of condition.operands) forEachBareName(operand, visit);
  else if (condition.kind === 'not') forEachBareName(condition.operand, visit);
  else if (condition.kind === 'bare' && condition.value.kind === 'reference' && condition.value.key === undefined) visit(condition.value.name, condition.at);
}

function findCycles(macros: ReadonlyMap<string, Of<'macro'>>, diagnostics: Diagnostic[]): Set<string> {
  const cyclic = new Set<string>();
  const done = new Set<string>();
  const path: string[] = [];
  const walk = (name: string): void => {
    const at = path.indexOf(name);
    if (at >= 0) {
      const cycle = path.slice(at);
      if (!cycle.some((n) => cyclic.has(n))) {
        const decl = macros.get(cycle[0])!;
        diagnostics.push(diagnosticAt(decl.name.at, 'macro-cycle', `macro \`${cycle[0]}\` uses itself: ${[...cycle, cycle[0]].join(' → ')}`));
      }
      for (const n of cycle) cyclic.add(n);
      return;
    }
    if (done.has(name)) return;
    path.push(name);
    forEachBareName(macros.get(name)!.body, (used) => macros.has(used) && walk(used));
    path.pop();
    done.add(name);
  };
  for (const name of macros.keys()) walk(name);
  return cyclic;
}

/**
 * Gathers the declarations of every file into one namespace: lists with their appends (from any
 * file, in any order), macros (cycles found here), rules with their `extend rule` exceptions.
 * Duplicates and dangling appends or extensions are reported with where the first one is.
 */
export function collect(files: readonly ParsedFile[], diagnostics: Diagnostic[]): Collected {
  const lists = new Map<string, CollectedList>();
  const macros = new Map<string, Of<'macro'>>();
  const rules = new Map<string, CollectedRule>();
  const broken = new Set(files.flatMap((f) => f.broken.map((b) => `${b.kind}:${b.name.text}`)));
  const all = files.flatMap((f) => f.declarations);

  for (const decl of all) {
    if (decl.kind === 'macro') claim(macros, 'macro', decl.name, decl, (m) => m.name, diagnostics);
    if (decl.kind === 'rule') claim(rules, 'rule', decl.id, { decl, extensions: [], overrides: [] }, (r) => r.decl.id, diagnostics);
    if (decl.kind === 'list' && decl.op === '=') {
      if (resolveField(decl.name.text)) diagnostics.push(diagnosticAt(decl.name.at, 'duplicate', `list \`${decl.name.text}\` has the name of a field; pick another name`));
      else claim(lists, 'list', decl.name, { decl, items: [...decl.items.items], removed: [] }, (l) => l.decl.name, diagnostics);
    }
  }

  for (const decl of all) {
    if (decl.kind === 'list' && decl.op === '+=') {
      const list = lists.get(decl.name.text);
      if (list) list.items.push(...decl.items.items);
      else if (!broken.has(`list:${decl.name.text}`)) {
        diagnostics.push(diagnosticAt(decl.name.at, 'unknown-list', `\`+=\` appends to list \`${decl.name.text}\`, which is not declared${didYouMean(decl.name.text, lists.keys())}`));
      }
    }
    if (decl.kind === 'extend') {
      const rule = rules.get(decl.id.text);
      if (!rule && !broken.has(`rule:${decl.id.text}`)) diagnostics.push(diagnosticAt(decl.id.at, 'unknown-rule', `extend rule: no rule \`${decl.id.text}\`${didYouMean(decl.id.text, rules.keys())}`));
      for (const item of decl.items) {
        if (item.kind === 'except') rule?.extensions.push(item);
        else if (item.kind === 'property' && (TUNABLE as readonly string[]).includes(item.name.text)) rule?.overrides.push(item);
        else diagnostics.push(diagnosticAt(item.at, 'bad-property', `\`extend rule\` may add \`except\` clauses and set ${TUNABLE.map((p) => `\`${p}:\``).join(', ')}`));
      }
    }
  }

  // Removals come last, so `-=` takes an item out whichever file declared or appended it.
  for (const decl of all) {
    if (decl.kind !== 'list' || decl.op !== '-=') continue;
    const list = lists.get(decl.name.text);
    if (list === undefined) {
      if (!broken.has(`list:${decl.name.text}`)) diagnostics.push(diagnosticAt(decl.name.at, 'unknown-list', `\`-=\` removes from list \`${decl.name.text}\`, which is not declared${didYouMean(decl.name.text, lists.keys())}`));
      continue;
    }
    for (const item of decl.items.items) {
      const kept = list.items.filter((i) => !sameItem(i, item));
      if (kept.length === list.items.length) diagnostics.push(diagnosticAt(item.at, 'unknown-item', `list \`${decl.name.text}\` has no item ${itemText(item)} to remove`, 'warning'));
      else list.removed.push({ item, at: item.at });
      list.items = kept;
    }
  }

  return { lists, macros, cyclic: findCycles(macros, diagnostics), rules: [...rules.values()], broken };
}
