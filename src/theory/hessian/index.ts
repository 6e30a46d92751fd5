// Two-layer network Hessian at a fixed data-independent state (docs/theory.md §2, §4).
export { type HessianProblem, checkProblem, curvatureNote } from '../../model/hessianProblem.js';
export { type NetworkState, makeState, parseOverlaps, stateFactor, preactivations } from '../../model/state.js';
export { conditionalMeanSplit, correlationSplit, type LatentSplit } from '../../model/latentSplit.js';
export { jointAtoms, type JointAtoms, type AtomOptions } from './jointLaw.js';
export { blockWeightLaw, type WeightMode } from './blockWeights.js';
export { nnThresholds, hardCoupling, type NNThresholds, type BlockThreshold } from './thresholds.js';
export { meanFieldComparison, type MeanFieldRow } from './meanField.js';
export { hessianSpectrum, type HessianSpectrum, type HessianOutlier } from './spectrum.js';
export { unboundedBelow } from './tail.js';
export { quadratureEstimate, maxScaledDifference, HESSIAN_QUADRATURE_RTOL, type QuadratureEstimate, type ComparedValue } from './quadratureError.js';
