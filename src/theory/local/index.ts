// Local convergence with weight decay (docs/theory.md §9; Zhou & Ge 2024): kernels, population loss, dynamics,
// metrics, λ-bias, stationary point, certificate.
export * from './kernels.js';
export * from './activation.js';
export * from './populationLoss.js';
export * from './setup.js';
export * from './dynamics.js';
export * from './metrics.js';
export * from './bias.js';
export * from './stationary.js';
export * from './certificate.js';
