// Matrix-valued deterministic equivalents of D = (1/n) Σ_i (x_i x_iᵀ) ⊗ A_i (docs/theory.md §2).
export { type MatrixLaw, negateLaw, diagonalBlockLaw, weightRange } from './matrixLaw.js';
export { type BranchPoint, solveBranch, forEachAtom } from './fixedPoint.js';
export { type Branch, startBranch, pointAt } from './branch.js';
export { type Edge, lowerEdge, bulkEdges } from './edge.js';
export { type Outlier, lowerOutliers, spikeMatrix } from './outliers.js';
export { type MatrixThreshold, lowerThreshold, edgeGap } from './threshold.js';
export { spectralDensity } from './density.js';
