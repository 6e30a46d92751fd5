// One seed and seeds of the weighted-covariance spectral experiment.
export { sampleSpectrum, sampleSize, runSpectralExperiment, NonFiniteValue, SIMULATION_TOL, type SpectralExperiment, type SpectralSample, type SpectralRun } from './weightedSpectrum.js';
export { spectralExperiment } from './fromFormulas.js';
