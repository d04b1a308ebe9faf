import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import type { Diagnostic, Span } from './diagnostics.js';
import { parser } from './parser.js';
import type { SourceFile } from './source.js';
import { decodeString } from './string-literal.js';

type Ctx = Record<string, CstElement[] | undefined>;

// With defaults: rules read by their parent (aggregate, windowClause, …) need no method.
const BaseVisitor = parser.getBaseCstVisitorConstructorWithDefaults();

const isToken = (element: CstElement): element is IToken => 'image' in element;

/**
 * The CST of one declaration to AST nodes with spans: decodes strings, numbers and regex
 * literals, and nothing more. Names are resolved later, by collect and the checker.
 */
class AstBuilder extends BaseVisitor {
  constructor(
    private readonly source: SourceFile,
    private readonly diagnostics: Diagnostic[],
  ) {
    super();
  }

  private token(ctx: Ctx, name: string): IToken | undefined {
    return ctx[name]?.[0] as IToken | undefined;
  }

  private nodes(ctx: Ctx, name: string): CstNode[] {
    return (ctx[name] ?? []) as CstNode[];
  }

  private span(element: CstElement): Span {
    if (isToken(element)) return { source: this.source, start: element.startOffset, end: element.endOffset! + 1 };
    const location = element.location!;
    return { source: this.source, start: location.startOffset, end: location.endOffset! + 1 };
  }

  private name(token: IToken): A.Name {
    return { text: token.image, at: this.span(token) };
  }

  // Each rule method gets its own CST node as the visit parameter: it needs the node's location.
  private at<T>(node: CstNode): T {
    return this.visit(node, node) as T;
  }

  private one<T>(ctx: Ctx, name: string): T {
    return this.at(this.nodes(ctx, name)[0]);
  }

  private all<T>(ctx: Ctx, name: string): T[] {
    return this.nodes(ctx, name).map((n) => this.at<T>(n));
  }

  // Rules that are a choice of sub-rules: the AST is the chosen one's.
  private onlyChild<T>(ctx: Ctx): T {
    const [child] = Object.values(ctx).flat() as CstNode[];
    return this.at(child);
  }

  declaration(ctx: Ctx): A.Declaration {
    return this.onlyChild(ctx);
  }

  listDecl(ctx: Ctx, node: CstNode): A.Declaration {
    return { kind: 'list', name: this.name(this.token(ctx, 'Identifier')!), op: ctx.PlusEquals ? '+=' : ctx.MinusEquals ? '-=' : '=', items: this.one(ctx, 'listLiteral'), at: this.span(node) };
  }

  macroDecl(ctx: Ctx, node: CstNode): A.Declaration {
    return { kind: 'macro', name: this.name(this.token(ctx, 'Identifier')!), body: this.one(ctx, 'condition'), at: this.span(node) };
  }

  ruleDecl(ctx: Ctx, node: CstNode): A.Declaration {
    return { kind: 'rule', id: this.name(this.token(ctx, 'Identifier')!), items: this.one(ctx, 'ruleBody'), at: this.span(node) };
  }

  extendDecl(ctx: Ctx, node: CstNode): A.Declaration {
    return { kind: 'extend', id: this.name(this.token(ctx, 'Identifier')!), items: this.one(ctx, 'ruleBody'), at: this.span(node) };
  }

  ruleBody(ctx: Ctx): A.RuleItem[] {
    return this.all(ctx, 'ruleItem');
  }

  ruleItem(ctx: Ctx): A.RuleItem {
    return this.onlyChild(ctx);
  }

  property(ctx: Ctx, node: CstNode): A.RuleItem {
    return { kind: 'property', name: this.name(this.token(ctx, 'Identifier')!), value: this.one(ctx, 'propertyValue'), at: this.span(node) };
  }

  propertyValue(ctx: Ctx): A.PropertyValue {
    if (ctx.wordList) return this.one(ctx, 'wordList');
    const identifier = this.token(ctx, 'Identifier') ?? this.token(ctx, 'Keyword');
    if (identifier) return { kind: 'word', text: identifier.image, at: this.span(identifier) };
    return this.literalToken(Object.values(ctx).flat()[0] as IToken);
  }

  wordList(ctx: Ctx, node: CstNode): A.PropertyValue {
    return { kind: 'words', items: this.all(ctx, 'word'), at: this.span(node) };
  }

  word(ctx: Ctx): A.PropertyValue {
    return this.propertyValue(ctx);
  }

  whenClause(ctx: Ctx, node: CstNode): A.RuleItem {
    return { kind: 'when', condition: this.one(ctx, 'condition'), at: this.span(node) };
  }

  exceptClause(ctx: Ctx, node: CstNode): A.RuleItem {
    return { kind: 'except', name: this.name(this.token(ctx, 'Identifier')!), condition: this.one(ctx, 'condition'), at: this.span(node) };
  }

  thresholdClause(ctx: Ctx, node: CstNode): A.RuleItem {
    const aggregate = this.nodes(ctx, 'aggregate')[0].children as Ctx;
    const field = aggregate.value ? this.one<A.Value>(aggregate, 'value') : undefined;
    return {
      kind: 'threshold',
      aggregate: this.name(this.token(aggregate, 'Identifier')!),
      ...(field && { field }),
      op: this.token(ctx, 'CompareOp')!.image as A.CompareOp,
      bound: this.literalToken(this.token(ctx, 'NumberLiteral')!),
      window: this.window(this.nodes(ctx, 'windowClause')),
      at: this.span(node),
    };
  }

  private window(clauses: CstNode[]): A.Window {
    const window: A.Window = { within: [], by: [] };
    for (const clause of clauses) {
      const ctx = clause.children as Ctx;
      const duration = this.token(ctx, 'DurationLiteral') ?? this.token(ctx, 'NumberLiteral');
      if (duration) window.within.push({ value: this.literalToken(duration), at: this.span(clause) });
      else window.by.push({ values: this.all(ctx, 'value'), at: this.span(clause) });
    }
    return window;
  }

  sequenceBlock(ctx: Ctx, node: CstNode): A.RuleItem {
    const steps: A.Step[] = [];
    const until: { condition: A.Condition; at: Span }[] = [];
    for (const item of this.nodes(ctx, 'sequenceItem')) {
      const itemCtx = item.children as Ctx;
      const condition = this.one<A.Condition>(itemCtx, 'condition');
      const name = this.token(itemCtx, 'Identifier');
      if (name) steps.push({ name: this.name(name), condition });
      else until.push({ condition, at: this.span(item) });
    }
    return { kind: 'sequence', window: this.window(this.nodes(ctx, 'windowClause')), steps, until, at: this.span(node) };
  }

  condition(ctx: Ctx, node: CstNode): A.Condition {
    return this.junction('or', this.all(ctx, 'andCondition'), node);
  }

  andCondition(ctx: Ctx, node: CstNode): A.Condition {
    return this.junction('and', this.all(ctx, 'unary'), node);
  }

  private junction(kind: 'and' | 'or', operands: A.Condition[], node: CstNode): A.Condition {
    return operands.length === 1 ? operands[0] : { kind, operands, at: this.span(node) };
  }

  unary(ctx: Ctx, node: CstNode): A.Condition {
    if (ctx.Not) return { kind: 'not', operand: this.one(ctx, 'unary'), at: this.span(node) };
    if (ctx.condition) return this.one(ctx, 'condition');
    if (ctx.quantifier) return this.one(ctx, 'quantifier');
    return this.one(ctx, 'predicate');
  }

  quantifier(ctx: Ctx, node: CstNode): A.Condition {
    const mode = ctx.Any ? 'any' : 'all';
    const name = this.name(this.token(ctx, 'Identifier')!);
    return { kind: 'quantifier', mode, name, list: this.one(ctx, 'reference'), body: this.one(ctx, 'condition'), at: this.span(node) };
  }

  predicate(ctx: Ctx, node: CstNode): A.Condition {
    const left = this.one<A.Value>(ctx, 'value');
    const at = this.span(node);
    const tail = this.nodes(ctx, 'predicateTail')[0];
    if (!tail) return { kind: 'bare', value: left, at };
    const t = tail.children as Ctx;
    if (t.Exists) return { kind: 'exists', value: left, at };
    const opToken = this.token(t, 'CompareOp') ?? this.token(t, 'StringOp') ?? this.token(t, 'In')!;
    const right = this.one<A.Value | A.ListLiteral>(t, 'operand');
    const opAt = t.Not ? { ...this.span(this.token(t, 'Not')!), end: this.span(opToken).end } : this.span(opToken);
    if (t.CompareOp) return { kind: 'compare', op: opToken.image as A.CompareOp, left, right, opAt, at };
    if (t.StringOp) return { kind: 'string-op', op: opToken.image as A.StringOp, left, right, opAt, at };
    return { kind: 'in', negated: t.Not !== undefined, left, right, opAt, at };
  }

  operand(ctx: Ctx): A.Value | A.ListLiteral {
    return ctx.listLiteral ? this.one(ctx, 'listLiteral') : this.one(ctx, 'value');
  }

  listLiteral(ctx: Ctx, node: CstNode): A.ListLiteral {
    return { kind: 'list', items: this.one(ctx, 'literalItems'), at: this.span(node) };
  }

  literalItems(ctx: Ctx): A.Literal[] {
    return this.all(ctx, 'literal');
  }

  value(ctx: Ctx): A.Value {
    return this.onlyChild(ctx);
  }

  call(ctx: Ctx, node: CstNode): A.Value {
    const name = this.token(ctx, 'Identifier')!;
    return { kind: 'call', name: name.image, args: this.all(ctx, 'value'), nameAt: this.span(name), at: this.span(node) };
  }

  reference(ctx: Ctx, node: CstNode): A.Value {
    const key = this.token(ctx, 'StringLiteral');
    return { kind: 'reference', name: this.token(ctx, 'Identifier')!.image, ...(key && { key: this.decode(key).value }), at: this.span(node) };
  }

  literal(ctx: Ctx): A.Literal {
    return this.literalToken(Object.values(ctx).flat()[0] as IToken);
  }

  private decode(token: IToken) {
    return decodeString(this.source, token.startOffset, token.image, this.diagnostics);
  }

  private literalToken(token: IToken): A.Literal {
    const at = this.span(token);
    switch (token.tokenType.name) {
      case 'StringLiteral':
        return { kind: 'string', ...this.decode(token), at };
      case 'NumberLiteral':
        return { kind: 'number', value: Number(token.image.replace(/_/g, '')), at };
      case 'DurationLiteral':
        return { kind: 'duration', text: token.image, at };
      case 'RegexLiteral': {
        const close = token.image.lastIndexOf('/');
        return { kind: 'regex', pattern: token.image.slice(1, close), flags: token.image.slice(close + 1), at };
      }
      default:
        return { kind: 'boolean', value: token.image === 'true', at };
    }
  }
}

/** The AST of a parsed declaration's CST; string problems are added to `diagnostics`. */
export function toAst(cst: CstNode, source: SourceFile, diagnostics: Diagnostic[]): A.Declaration {
  return new AstBuilder(source, diagnostics).visit(cst, cst) as A.Declaration;
}
