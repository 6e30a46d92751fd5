// DMFT learning times t_learn over 16 θ-channel realisations at dimension d, δ ∈ {22.63, 32, 45.25, 64}.
// Usage (repo root, after `npm run build`): node dist/scripts/experiments/dmftPaths/grok.js D > validation/experiments/dmft_paths/data/grok_d{D}.json
import { dmftPath } from '../../../src/theory/dmft/march.js';
const d=+process.argv[2];
const spec = { act:'gelu', loss:'square', target:'tanh(z^2)', noise:0, readout:[1], initScale:1, lr:1, steps:100, ridge:0, samples:4096, seed:1 };
const out=[];
for (const delta of [22.63, 32, 45.25, 64]) { const tl=[]; for (let k=1;k<=16;k++){ const p=dmftPath({...spec, delta, seed:1000+k},{d,seed:k}); tl.push(p.t_learn); } out.push({delta, t_learn:tl}); console.error(delta, tl.join(',')); }
console.log(JSON.stringify({d, spec, out}));
