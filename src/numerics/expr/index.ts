// The expression language: compile user formulas to fast value and jet functions (see compile.ts).
export { compileExpr, substitute, symbolsOf } from './compile.js';
export type { CompiledFn } from './compile.js';
export { KNOWN_FUNCTIONS } from './primitives.js';
