// Gaussian quadrature (owner: numerics). See docs/ARCHITECTURE.md "Numerics".
export { type GaussianRule, integrate } from './rule.js';
export { gaussHermite } from './gaussHermite.js';
export { gaussLegendre } from './gaussLegendre.js';
export { piecewiseGaussianRule } from './piecewise.js';
export { findBreaks } from './breaks.js';
export { gaussianAtoms, type GaussianAtoms } from './atoms.js';
export { tridiagonalEigenvalues } from './jacobi.js';
export { discreteGaussRule, discreteGaussProjection } from './discreteGauss.js';
export { mappedGaussRule, type MappedGaussRule } from './mappedGauss.js';
