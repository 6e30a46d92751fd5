// Root finding and scalar minimisation (owner: numerics). See docs/ARCHITECTURE.md "Numerics".
export { brent, type RootResult } from './brent.js';
export { expandBracket } from './bracket.js';
export { minimizeBounded, type MinResult } from './minimize.js';
export { allRoots, scanGrid } from './allRoots.js';
export { continuation, type ContinuationPoint } from './continuation.js';
