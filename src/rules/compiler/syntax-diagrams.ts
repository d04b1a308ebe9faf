import { createSyntaxDiagramsCode } from 'chevrotain';
import { parser } from './parser.js';

/** The railroad diagrams of the parser's grammar as a standalone HTML page (grammar/syntax-diagrams.html). */
export function syntaxDiagramsHtml(): string {
  return createSyntaxDiagramsCode(parser.getSerializedGastProductions());
}
