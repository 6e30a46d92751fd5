// Algorithmic weak-recovery threshold δ_alg (docs/theory.md §3).
export { deltaAlg, FIRST_ORDER_TOL, type AlgResult } from './deltaAlg.js';
export { singleIndexMoments } from './singleIndexExact.js';
export { noisyMoments } from './noisyMoments.js';
export { partitionMoments } from './partitionMoments.js';
export { rayMoments } from './rayMoments.js';
export { topOfStateEvolution } from './symmetricMap.js';
export { monotonePieces, preimage, type Piece } from './monotonePieces.js';
export type { LatentTarget } from './target.js';
export type { Moments } from './moments.js';
