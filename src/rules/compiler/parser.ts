import { CstParser, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import { Tok as T, TOKENS } from './lexer.js';

// What a rule stands for in "expected …" messages when no alternative fits.
const RULE_NOUNS: Readonly<Record<string, string>> = {
  declaration: 'a declaration (`list`, `macro`, `rule` or `extend rule`)',
  ruleItem: 'a rule property, `when:`, `threshold:`, `sequence`, `except` or `}`',
  propertyValue: 'a string, a number, a name or a `[…]` list',
  literal: 'a value',
  listLiteral: 'a list',
  unary: 'a condition',
  quantifier: '`any` or `all`',
  predicate: 'a condition',
  predicateTail: 'an operator',
  operand: 'a value or a list',
  value: 'a value',
  windowClause: '`within` or `by`',
  sequenceItem: '`step`, `until:` or `}`',
  word: 'a name or a string',
};

const shown = (token: IToken): string => (token.tokenType.name === 'EOF' ? 'the end of the file' : `\`${token.image}\``);
const label = (type: TokenType): string => type.LABEL ?? type.name;

/** Short messages in the words of the rule language instead of Chevrotain's token names. */
const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => `expected ${label(expected)} but found ${shown(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${shown(firstRedundant)}`,
  buildNoViableAltMessage: ({ actual, ruleName }) => `expected ${RULE_NOUNS[ruleName] ?? ruleName} but found ${shown(actual[0])}`,
  buildEarlyExitMessage: ({ actual, ruleName }) => `expected ${RULE_NOUNS[ruleName] ?? ruleName} but found ${shown(actual[0])}`,
};

/**
 * The grammar of grammar/vigil-rules.ebnf as a Chevrotain CST parser. It only recognizes
 * structure; names, types and meaning are settled by to-ast, collect and the checker. A file is
 * a run of `declaration`s, which parse-file parses one at a time.
 */
class RuleParser extends CstParser {
  constructor() {
    super(TOKENS, { errorMessageProvider, maxLookahead: 3, nodeLocationTracking: 'onlyOffset' });
    this.performSelfAnalysis();
  }

  declaration = this.RULE('declaration', () =>
    this.OR([
      { ALT: () => this.SUBRULE(this.listDecl) },
      { ALT: () => this.SUBRULE(this.macroDecl) },
      { ALT: () => this.SUBRULE(this.ruleDecl) },
      { ALT: () => this.SUBRULE(this.extendDecl) },
    ]),
  );

  listDecl = this.RULE('listDecl', () => {
    this.CONSUME(T.List);
    this.CONSUME(T.Identifier);
    this.OR([{ ALT: () => this.CONSUME(T.Equals) }, { ALT: () => this.CONSUME(T.PlusEquals) }, { ALT: () => this.CONSUME(T.MinusEquals) }]);
    this.SUBRULE(this.listLiteral);
  });

  macroDecl = this.RULE('macroDecl', () => {
    this.CONSUME(T.Macro);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.condition);
  });

  ruleDecl = this.RULE('ruleDecl', () => {
    this.CONSUME(T.Rule);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.ruleBody);
  });

  extendDecl = this.RULE('extendDecl', () => {
    this.CONSUME(T.Extend);
    this.CONSUME(T.Rule);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.ruleBody);
  });

  ruleBody = this.RULE('ruleBody', () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.ruleItem));
    this.CONSUME(T.RBrace);
  });

  ruleItem = this.RULE('ruleItem', () =>
    this.OR([
      { ALT: () => this.SUBRULE(this.property) },
      { ALT: () => this.SUBRULE(this.whenClause) },
      { ALT: () => this.SUBRULE(this.thresholdClause) },
      { ALT: () => this.SUBRULE(this.sequenceBlock) },
      { ALT: () => this.SUBRULE(this.exceptClause) },
    ]),
  );

  property = this.RULE('property', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.propertyValue);
  });

  propertyValue = this.RULE('propertyValue', () =>
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.SUBRULE(this.wordList) },
    ]),
  );

  wordList = this.RULE('wordList', () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.word);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.word);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });

  word = this.RULE('word', () =>
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.StringLiteral) }, { ALT: () => this.CONSUME(T.Keyword) }]),
  );

  whenClause = this.RULE('whenClause', () => {
    this.CONSUME(T.When);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.condition);
  });

  exceptClause = this.RULE('exceptClause', () => {
    this.CONSUME(T.Except);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.condition);
  });

  thresholdClause = this.RULE('thresholdClause', () => {
    this.CONSUME(T.Threshold);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.aggregate);
    this.CONSUME(T.CompareOp);
    this.CONSUME(T.NumberLiteral);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.windowClause));
  });

  aggregate = this.RULE('aggregate', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.SUBRULE(this.value);
      this.CONSUME(T.RParen);
    });
  });

  windowClause = this.RULE('windowClause', () =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Within);
          this.OR2([{ ALT: () => this.CONSUME(T.DurationLiteral) }, { ALT: () => this.CONSUME(T.NumberLiteral) }]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.By);
          this.SUBRULE(this.value);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.value);
          });
        },
      },
    ]),
  );

  sequenceBlock = this.RULE('sequenceBlock', () => {
    this.CONSUME(T.Sequence);
    this.MANY(() => this.SUBRULE(this.windowClause));
    this.CONSUME(T.LBrace);
    this.MANY2(() => this.SUBRULE(this.sequenceItem));
    this.CONSUME(T.RBrace);
  });

  sequenceItem = this.RULE('sequenceItem', () =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Step);
          this.CONSUME(T.Identifier);
          this.CONSUME(T.Colon);
          this.SUBRULE(this.condition);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Until);
          this.CONSUME2(T.Colon);
          this.SUBRULE2(this.condition);
        },
      },
    ]),
  );

  condition = this.RULE('condition', () => {
    this.SUBRULE(this.andCondition);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.andCondition);
    });
  });

  andCondition = this.RULE('andCondition', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.unary);
    });
  });

  unary = this.RULE('unary', () =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.unary);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.condition);
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.quantifier) },
      { ALT: () => this.SUBRULE(this.predicate) },
    ]),
  );

  // `any c in commands (c.exe == "rm")`: the condition holds for some (every) element of a list field.
  quantifier = this.RULE('quantifier', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Any) }, { ALT: () => this.CONSUME(T.All) }]);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.In);
    // A field, not any value: `commands (` must not read as a call of `commands`.
    this.SUBRULE(this.reference);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.condition);
    this.CONSUME(T.RParen);
  });

  // A value alone is a macro reference; with a tail it is a comparison.
  predicate = this.RULE('predicate', () => {
    this.SUBRULE(this.value);
    this.OPTION(() => this.SUBRULE(this.predicateTail));
  });

  predicateTail = this.RULE('predicateTail', () =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.CompareOp);
          this.SUBRULE(this.operand);
        },
      },
      { ALT: () => this.CONSUME(T.Exists) },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Not));
          this.CONSUME(T.In);
          this.SUBRULE2(this.operand);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.StringOp);
          this.SUBRULE3(this.operand);
        },
      },
    ]),
  );

  operand = this.RULE('operand', () => this.OR([{ ALT: () => this.SUBRULE(this.listLiteral) }, { ALT: () => this.SUBRULE(this.value) }]));

  listLiteral = this.RULE('listLiteral', () =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.literalItems);
          this.CONSUME(T.RBracket);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE2(this.literalItems);
          this.CONSUME(T.RParen);
        },
      },
    ]),
  );

  literalItems = this.RULE('literalItems', () =>
    this.OPTION(() => {
      this.SUBRULE(this.literal);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.literal);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    }),
  );

  value = this.RULE('value', () =>
    this.OR([
      { ALT: () => this.SUBRULE(this.literal) },
      { ALT: () => this.SUBRULE(this.call) },
      { ALT: () => this.SUBRULE(this.reference) },
    ]),
  );

  call = this.RULE('call', () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.value);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.value);
      });
    });
    this.CONSUME(T.RParen);
  });

  reference = this.RULE('reference', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      this.CONSUME(T.StringLiteral);
      this.CONSUME(T.RBracket);
    });
  });

  literal = this.RULE('literal', () =>
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.DurationLiteral) },
      { ALT: () => this.CONSUME(T.RegexLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
    ]),
  );
}

/** The one parser instance: Chevrotain parsers are built once and fed new input. */
export const parser = new RuleParser();
