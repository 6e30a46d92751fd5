// Simulator core (docs/ARCHITECTURE.md "Simulator core").
export { makeRng, type Rng } from './rng.js';
export { gaussianData, latent, type GaussianData } from './gaussianData.js';
export { weightedCovarianceOperator, denseOperator, type LinearOperator } from './operators.js';
export { lanczos, type Eigenpairs } from './lanczos.js';
export { symTridiagEigen, type TridiagonalEigen } from '../linalg/tridiagonal.js';
export { meanSe } from './stats.js';
export { latentOverlap2 } from './overlap.js';
export { sampleSpectrum, sampleSize, runSpectralExperiment, NonFiniteValue, SIMULATION_TOL, type SpectralExperiment, type SpectralSample, type SpectralRun } from './weightedSpectrum.js';
export { spectralExperiment } from './fromFormulas.js';
