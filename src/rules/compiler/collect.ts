import { resolveField } from '../../event/index.js';
import type { Condition, Declaration, Literal, Name, RuleItem } from './ast.js';
import { diagnosticAt, type Diagnostic, type Span } from './diagnostics.js';
import type { ParsedFile } from './parse-file.js';
import { didYouMean } from './suggest.js';

type Of<K extends Declaration['kind']> = Extract<Declaration, { kind: K }>;

/** A list with every `+=` of the rule set appended, in file order. */
export interface CollectedList {
  readonly decl: Of<'list'>;
  readonly items: Literal[];
}

/** A rule with the exceptions every `extend rule` adds to it. */
export interface CollectedRule {
  readonly decl: Of<'rule'>;
  readonly extensions: Extract<RuleItem, { kind: 'except' }>[];
}

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
    if (decl.kind === 'rule') claim(rules, 'rule', decl.id, { decl, extensions: [] }, (r) => r.decl.id, diagnostics);
    if (decl.kind === 'list' && !decl.append) {
      if (resolveField(decl.name.text)) diagnostics.push(diagnosticAt(decl.name.at, 'duplicate', `list \`${decl.name.text}\` has the name of a field; pick another name`));
      else claim(lists, 'list', decl.name, { decl, items: [...decl.items.items] }, (l) => l.decl.name, diagnostics);
    }
  }

  for (const decl of all) {
    if (decl.kind === 'list' && decl.append) {
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
        else diagnostics.push(diagnosticAt(item.at, 'bad-property', '`extend rule` may only add `except` clauses'));
      }
    }
  }

  return { lists, macros, cyclic: findCycles(macros, diagnostics), rules: [...rules.values()], broken };
}
