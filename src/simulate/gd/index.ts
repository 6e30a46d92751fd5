// Gradient-descent dynamics of the two-layer network (docs/theory.md §5).
export { riskAndGradient, sampleTerms, hessianOperator, type Network, type SampleTerms } from '../../model/network.js';
export { buildProblem, labels, type GdConfig, type Problem } from '../../model/problem.js';
export { runGd, hessianProbe, type GdRun, type GdSeries, type HessianProbe, type Progress } from './gd.js';
export { runSeeds, executionMode, type SeedRunOptions } from './seeds.js';
export { pathLaw, pluginSpectrum, type PluginPrediction } from './pluginLaw.js';
export { pluginDeltaNN } from './pluginDeltaNN.js';
export { empiricalThreshold, thresholdAtD, LEARNED_CRITERION, type EmpiricalThreshold, type ThresholdAtD, type ThresholdPoint, type ThresholdOptions } from './empiricalThreshold.js';
export { thetaResponse } from './linearResponse.js';
export { grokkingTimes, type Grokking, type GrokkingPoint, type GapProduct, type Constancy } from './grokking.js';
