// The typed mathematical library, without the command layer: resolve formulas, build laws, solve the theories.
// Pure functions with no Node-specific imports, so the same modules run in a browser (the explorer page).
// Equation numbers refer to docs/theory.md.
export { UsageError, ConvergenceError } from './core/errors.js';
export { type SolverStatus, statusLabel, combineStatus } from './core/status.js';

// model
export {
  resolveActivation, resolveLoss, resolveTarget, resolveWeight, catalogue,
  type Activation, type Loss, type Target,
} from './model/formulas.js';
export { hermiteCoefficients, hermitePolys, type HermiteCoefficients } from './model/hermite.js';
export { buildSpectralLaw, empiricalLaw, type Law, type SpectralLawOptions } from './model/law.js';
export { checkProblem, type HessianProblem } from './model/hessianProblem.js';
export { makeState, parseOverlaps, type NetworkState } from './model/state.js';
export { conditionalMeanSplit, correlationSplit, type LatentSplit } from './model/latentSplit.js';

// theory
export { spectrum, deltaStar, bulkEdge, outlier, psi, phi, type Spectrum, type Threshold, type Side, type BulkEdge, type Outlier } from './theory/spectral/index.js';
export { deltaAlg, type AlgResult } from './theory/alg/index.js';
export { nnThresholds, hessianSpectrum, meanFieldComparison, type NNThresholds, type BlockThreshold, type HessianSpectrum, type HessianOutlier } from './theory/hessian/index.js';
export { onestepTheory, spikeCount, NORMALISATION, type OnestepInput } from './theory/onestep/index.js';
export { stationaryPoint, type StationaryProblem, type StationaryPoint, type StationaryOptions } from './theory/stationary/fixedPoint.js';
export { stationaryDeltaNN, stationaryDeltaNNs, stationaryThresholds, type Crossing, type StationaryThresholds } from './theory/stationary/deltaNN.js';
export { schurAtZero, iidSpectrum, separationMargin, iidLowestTheta } from './theory/stationary/hessian.js';
export { marginalClosure, marginalKappa, marginalSchur } from './theory/stationary/marginal.js';
