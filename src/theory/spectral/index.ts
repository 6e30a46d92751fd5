// Spectral outliers of weighted sample covariances (docs/theory.md §1; k latent coordinates: §2 with m = 1).
export { outlierSystem, outlierTerms, responseRange, psi, psiPrime, phi, phiPrime, type OutlierSystem, type OutlierTerms } from './outlierEquations.js';
export { bulkEdge, type BulkEdge } from './bulkEdge.js';
export { outlier, type Outlier } from './outlier.js';
export { spectrum, orientLaw, type Spectrum, type Side } from './spectrum.js';
export { deltaStar, type Threshold } from './deltaStar.js';
export { symmetricEigen, topEigen } from '../../numerics/linalg/symmetricEigen.js';
