// Simulated GD (d = 500, 16 seeds, T = 100): fraction of seeds that learn per δ.
// Usage (repo root, after `npm run build`): node dist/scripts/experiments/dmftPaths/prob.js > validation/experiments/dmft_paths/data/prob_d500.json
import { runGd } from '../../../src/simulate/gd/gd.js';
const d=500;
const cfg = { act: 'gelu', loss: 'square', target: 'tanh(z^2)', noise: 0, readout: [1], initScale: 1, lr: 1, steps: 100, ridge: 0, delta: 0, d, hessianAt: [], hessianK: 1, nTest: 100, recordEvery: 50 };
const out=[];
for (const delta of [13, 16, 19, 22.63, 27]) { const fin=[]; const tl=[]; for (let s=1;s<=16;s++){ const r=runGd({...cfg, delta}, s); fin.push(r.final.overlap_h); tl.push(r.t_learn); } out.push({delta, learned: fin.filter(x=>x>=0.5).length, seeds:16, overlap_h: fin, t_learn: tl}); console.error(delta, fin.filter(x=>x>=0.5).length, '/16'); }
console.log(JSON.stringify({d, cfg, out}));
