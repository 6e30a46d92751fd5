// The population model of phase 1 and the fixed-state threshold of GD's initial state.
export { populationStateDeltaNN, type PhaseOneSpec, type PopulationDeltaNN } from './population.js';
export { initialStateThresholds } from './initialState.js';
