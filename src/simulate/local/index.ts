// Finite-n local-convergence simulator and the experiment behind `flcalc local`.
export * from './empirical.js';
export * from './experiment.js';
