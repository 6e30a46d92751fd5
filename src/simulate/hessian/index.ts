// Finite-d simulation of the two-layer network Hessian at a fixed state.
export { stateWeights, empiricalHessian } from './hvp.js';
export { simulateHessian, simulateHessianSeed, type HessianSimConfig, type HessianSimResult } from './simulate.js';
