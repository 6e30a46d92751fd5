// One large gradient step: spikes ↔ polynomial features (docs/theory.md §7; Moniri, Lee, Hassani & Dobriban 2024).
export { NORMALISATION, stepSize, checkParams, type OnestepParams } from './normalisation.js';
export { hermiteData, type HermiteData } from './coefficients.js';
export { gradientDirection, type GradientDirection } from './gradientDirection.js';
export { spikeCount, atBoundary, growthExponent, spikeDirections, leadingSingularValue, monomialInHermite } from './spikes.js';
export { smoothedActivation, smoothedSpikes, type SmoothedPair, type KernelParams } from './smoothed.js';
export { marchenkoPasturRule, mpIntegral } from './marchenkoPastur.js';
export { ridgeErrors, type RidgeModel, type RidgeErrors, type RidgeSpike } from './ridge.js';
export { explicitRidgeErrors, type ExplicitRidgeModel } from './explicitRidge.js';
export { learnability, type ComponentRow } from './learnability.js';
export { onestepTheory, kernelParams, APPROXIMATION, type OnestepInput, type OnestepTheory, type SpikeRow } from './theory.js';
export { bulkEdge, outlierOf, x2OfT, tPole, finiteEdge, edgeDensityCoefficient, TW1_MEAN, TW1_SD, type BulkModel, type BulkEdge, type Outlier } from './bulk.js';
export { finiteNPrediction, bulkModelOf, spikeGram, FINITE_N_APPROXIMATION, type FiniteNPrediction, type FiniteNSpike } from './finiteN.js';
export { imprintPrediction, imprintKernel, tailProbability, IMPRINT_APPROXIMATION, type ImprintPrediction } from './imprint.js';
