// One-step simulator and its summaries over seeds.
export { simulateOnestepSeed, visibleCount, VISIBILITY_RULE, ALIGNED_RULE, SUBSPACE_RULE, type OnestepSimConfig, type OnestepSimResult, type AlphaResult, type SpikeMeasure } from './simulate.js';
export { estimate, summarise, type Estimate, type AlphaSummary } from './aggregate.js';
export { featureMoments, ridgeGivenW, decorrelateRows, type GivenWInput, type FeatureMoments } from './givenW.js';
export { populationTestError, ridgeBatchesGivenW, type BatchesResult } from './batchesGivenW.js';
