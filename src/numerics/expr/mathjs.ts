// The mathjs instance of the expression layer: only the parser and the expression-tree node classes
// (`create({ parseDependencies, … })`), never mathjs's evaluation functions. Bundled (esbuild), this keeps the
// rest of mathjs out of the CLI; the grammar is mathjs's own parser either way.
import { create, parseDependencies, ParenthesisNodeDependencies } from 'mathjs/number';

const math = create({ parseDependencies, ParenthesisNodeDependencies });

export const parse = math.parse;
export const ParenthesisNode = math.ParenthesisNode;
