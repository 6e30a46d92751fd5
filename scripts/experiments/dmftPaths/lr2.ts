// Linear response of the θ channel of the DMFT (M(t)/M(0) for a tiny initial overlap) over 6 effective-sample
// populations, at δ = 22.63. Usage (repo root, after `npm run build`): node dist/scripts/experiments/dmftPaths/lr2.js SAMPLES
import { dmftPath } from '../../../src/theory/dmft/march.js';
const cfg = { act:'gelu', loss:'square', target:'tanh(z^2)', noise:0, readout:[1], initScale:1, lr:1, steps:30, ridge:0, delta:22.63, d:1000 };
const th=[1,2,3,4,5,6].map(s=>dmftPath({...cfg, samples:+process.argv[2], seed:s},{d:Infinity,seed:0,m0:[1e-6]}).M.map(v=>v[0]/1e-6));
const ms=(xs: number[])=>{const m=xs.reduce((a,b)=>a+b,0)/xs.length; return [m, Math.sqrt(xs.reduce((a,b)=>a+(b-m)**2,0)/(xs.length-1))];};
for (const t of [1,5,10,20,30]) { const b=ms(th.map(p=>p[t])); console.log(t, th.map(p=>p[t].toFixed(2)).join(' '), `mean ${b[0].toFixed(3)} sd ${b[1].toFixed(3)}`); }
