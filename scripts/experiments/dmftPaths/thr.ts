// DMFT finite-d learning threshold (learning.ts) for K θ-channel realisations. Configuration from the environment
// (ACT, LOSS, TARGET, READOUT, LR, REAL0). Usage (repo root, after `npm run build`):
//   node dist/scripts/experiments/dmftPaths/thr.js D T N K LO HI > validation/experiments/dmft_paths/data/NAME.json
import { dmftLearningThreshold } from '../../../src/theory/dmft/learning.js';
const [d, T, N, K, lo, hi] = process.argv.slice(2).map(Number);
const spec = { act:process.env.ACT||'gelu', loss:process.env.LOSS||'square', target:process.env.TARGET||'tanh(z^2)', noise:0, readout:JSON.parse(process.env.READOUT||'[1]'), initScale:1, lr:+(process.env.LR||1), steps:T, ridge:0, samples:N, seed:1 };
const t0=Date.now();
const r = dmftLearningThreshold(spec, { d, realisations: Array.from({length:K},(_,i)=>i+1+(+(process.env.REAL0||0))), lo, hi, bisections:3, maxDelta:256, seedsPerPoint:4, log: (l)=>console.error(l) });
console.log(JSON.stringify({ spec, d, seconds:(Date.now()-t0)/1000, thresholds:r.thresholds, median:r.median, quartiles:r.quartiles, majorityInterval:r.majorityInterval, realisations:r.realisations }));
