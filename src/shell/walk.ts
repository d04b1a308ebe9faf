import type { Node } from 'web-tree-sitter';
import { MAX_NESTING, type LineBuilder, type ScriptContext } from './builder.js';
import { exeName } from './flags.js';
import { parseBash } from './grammar.js';
import type { Redirect } from './model.js';
import { SHELLS } from './wrappers.js';
import { wordText } from './words.js';

// Syntax nesting followed in one script; deeper (`$($($(…)))` 500 times) stops and is flagged.
const MAX_NODE_DEPTH = 128;
const SUBSTITUTIONS = new Set(['command_substitution', 'process_substitution']);
const MAY_SUBSTITUTE = /\$\(|`|[<>]\(/;
const SCHEDULERS = new Set(['crontab', 'at', 'batch']);
// Five schedule fields (`*/10 * * * *`) or a nickname (`@reboot`) before a cron line's command.
const CRON_SCHEDULE = /^\s*(?:@\w+|(?:\S+\s+){4}\S+)\s+/;
const PRINTABLE = /^[\t\n\r\x20-\x7e\u00a0-\ufffc]+$/;

/** Reads `text` with the bash grammar into the builder; false when the grammar found errors. */
export function walkScript(builder: LineBuilder, text: string, context: ScriptContext): boolean {
  const tree = parseBash(text);
  try {
    if (tree.rootNode.hasError) return false;
    new Walker(builder).visit(tree.rootNode, context, 0);
    return true;
  } finally {
    tree.delete();
  }
}

// The substitutions inside a word (not inside those: the walk of each reaches its own).
function substitutionsIn(node: Node, out: Node[] = []): Node[] {
  for (const child of node.namedChildren) {
    if (child === null) continue;
    if (SUBSTITUTIONS.has(child.type)) out.push(child);
    else substitutionsIn(child, out);
  }
  return out;
}

function redirectOf(node: Node): Redirect {
  const fd = node.childForFieldName('descriptor')?.text ?? '';
  const op = node.children.find((c) => c !== null && !c.isNamed)?.text ?? '';
  if (node.type === 'heredoc_redirect') return { op: '<<', fd, target: '' };
  const target = node.childForFieldName('destination') ?? node.namedChildren.find((c) => c !== null && c.type !== 'file_descriptor') ?? null;
  return { op, fd, target: target === null ? '' : wordText(target) };
}

// What a heredoc or here-string hands the command on its standard input.
function stdinText(node: Node): string | undefined {
  if (node.type === 'herestring_redirect') return node.namedChildren[0] ? wordText(node.namedChildren[0]) : undefined;
  if (node.type === 'heredoc_redirect') return node.namedChildren.find((c) => c?.type === 'heredoc_body')?.text;
  return undefined;
}

class Walker {
  constructor(private readonly builder: LineBuilder) {}

  /** Visits a node; returns the indices of the commands it runs at its own level (pipe ends). */
  visit(node: Node, context: ScriptContext, depth: number): number[] {
    if (depth > MAX_NODE_DEPTH) {
      this.builder.truncated = true;
      return [];
    }
    switch (node.type) {
      case 'command':
        return this.command(node, [], context, depth);
      case 'redirected_statement': {
        const body = node.childForFieldName('body');
        const redirects = node.namedChildren.filter((c): c is Node => c !== null && c !== body && c.type.endsWith('_redirect'));
        if (body?.type === 'command') return this.command(body, redirects, context, depth);
        return body ? this.visit(body, context, depth + 1) : [];
      }
      case 'pipeline':
        return this.pipeline(node, context, depth);
      case 'subshell':
        return this.children(node, { ...context, via: [...context.via, '()'] }, depth);
      case 'command_substitution':
        return this.children(node, { ...context, via: [...context.via, '$()'] }, depth);
      case 'process_substitution':
        return this.children(node, { ...context, via: [...context.via, '<()'] }, depth);
      default:
        return this.children(node, context, depth);
    }
  }

  private children(node: Node, context: ScriptContext, depth: number): number[] {
    const out: number[] = [];
    for (const child of node.namedChildren) if (child !== null) out.push(...this.visit(child, context, depth + 1));
    return out;
  }

  // The commands of the substitutions in `nodes`, each with how its output is handed on.
  private substitutions(nodes: readonly Node[], context: ScriptContext, depth: number): { index: number; kind: '<()' | '$()' }[] {
    // Most words hold no substitution: their text says so without walking their nodes.
    const found = nodes.flatMap((n) => (SUBSTITUTIONS.has(n.type) ? [n] : MAY_SUBSTITUTE.test(n.text) ? substitutionsIn(n) : []));
    return found.flatMap((s) => {
      const kind = s.type === 'process_substitution' ? '<()' : '$()';
      return this.visit(s, context, depth + 1).map((index) => ({ index, kind }) as const);
    });
  }

  private command(node: Node, outer: readonly Node[], context: ScriptContext, depth: number): number[] {
    const name = node.childForFieldName('name');
    const argNodes = node.childrenForFieldName('argument').filter((n): n is Node => n !== null);
    const assignments = node.namedChildren.filter((c): c is Node => c?.type === 'variable_assignment');
    const redirectNodes = [...node.namedChildren.filter((c): c is Node => c !== null && c.type.endsWith('_redirect')), ...outer];
    const env = assignments.map((a) => {
      const value = a.childForFieldName('value');
      return `${a.childForFieldName('name')?.text ?? ''}=${value ? wordText(value) : ''}`;
    });
    const fed = this.substitutions([...assignments, ...redirectNodes], context, depth);
    if (name === null) return [];
    const words = [wordText(name), ...argNodes.map(wordText)];
    const exe = exeName(words[0]);
    // A script argument (`bash -c "$(…)"`, `eval $(…)`) is read again as a script: its
    // substitutions are found there, not twice.
    const scripted = exe === 'eval' || ((SHELLS.has(exe) || exe === 'su') && words.some((w) => /^-[A-Za-z]*c[A-Za-z]*$/.test(w)));
    const fromName = this.substitutions([name], context, depth);
    const fromArgs = scripted ? [] : this.substitutions(argNodes, context, depth);
    // The output of `$(…)` in command position is run by the shell running this script.
    for (const source of fromName) this.builder.pipe(source.index, context.runner, '$()');
    if (/^(?:\$\(|`)/.test(words[0])) return [];
    const index = this.builder.add(words, env, redirectNodes.map(redirectOf), node.text, context);
    if (index < 0) return [];
    for (const source of [...fromArgs, ...fed]) this.builder.pipe(source.index, index, source.kind);
    const runs = this.builder.commands[index];
    if (SHELLS.has(runs.exe) || runs.exe === 'eval') {
      for (const redirect of redirectNodes) {
        const text = stdinText(redirect);
        if (text !== undefined) this.builder.script(text, { via: [...context.via, runs.exe], depth: context.depth + 1, runner: index });
      }
    }
    return [index];
  }

  private pipeline(node: Node, context: ScriptContext, depth: number): number[] {
    const stages = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment').map((stage) => this.visit(stage, context, depth + 1));
    for (let i = 1; i < stages.length; i++) for (const source of stages[i - 1]) for (const sink of stages[i]) this.builder.pipe(source, sink);
    this.decodedPayloads(stages, context);
    this.scheduledScripts(stages, context);
    return stages.flat();
  }

  // `echo "*/10 * * * * curl … | sh" | crontab -` and `echo "cmd" | at now`: the echoed lines are
  // scripts the scheduler runs later, read as such (the schedule fields dropped).
  private scheduledScripts(stages: readonly number[][], context: ScriptContext): void {
    const { commands } = this.builder;
    for (let i = 1; i < stages.length; i++) {
      for (const index of stages[i]) {
        const scheduler = commands[index];
        if (!SCHEDULERS.has(scheduler.exe) || scheduler.operands.some((o) => o !== '-' && scheduler.exe === 'crontab')) continue;
        for (const source of stages[i - 1]) {
          const echo = commands[source];
          if (echo.exe !== 'echo' && echo.exe !== 'printf') continue;
          for (const line of echo.operands.join(' ').split(/\n|\r?\n/)) {
            const script = scheduler.exe === 'crontab' ? line.replace(CRON_SCHEDULE, '') : line;
            if (script.trim() !== '' && !line.trimStart().startsWith('#')) this.builder.script(script, { via: [...context.via, scheduler.exe], depth: context.depth + 1, runner: index });
          }
        }
      }
    }
  }

  // `echo PAYLOAD | base64 -d | sh` (or `base64 -d <<< PAYLOAD | bash`): the decoded script is
  // read as well, when a shell takes it or it is substituted into a command.
  private decodedPayloads(stages: readonly number[][], context: ScriptContext): void {
    const { commands } = this.builder;
    const shellAfter = (i: number): number => stages.slice(i + 1).flat().find((c) => SHELLS.has(commands[c].exe)) ?? -1;
    stages.forEach((stage, i) => {
      for (const index of stage) {
        const cmd = commands[index];
        if (cmd.exe !== 'base64' || !cmd.flags.some((f) => f === '-d' || f === '-D' || f === '--decode')) continue;
        const runner = shellAfter(i);
        if (runner < 0 && context.via.at(-1) !== '$()') continue;
        const before = i > 0 ? stages[i - 1].map((c) => commands[c]).find((c) => c.exe === 'echo' || c.exe === 'printf') : undefined;
        const payload = before?.operands.join('') ?? cmd.redirects.find((r) => r.op === '<<<')?.target;
        if (payload === undefined || context.depth >= MAX_NESTING) continue;
        const decoded = Buffer.from(payload, 'base64').toString('utf8');
        if (PRINTABLE.test(decoded)) this.builder.script(decoded, { via: [...context.via, 'base64'], depth: context.depth + 1, runner });
      }
    });
  }
}
