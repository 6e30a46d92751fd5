import { it } from 'vitest';
import { resolveActivation, resolveTarget } from '../src/formulas.js';
import { onestepTheory } from '../src/onestep/index.js';
import { simulateOnestepSeed } from '../src/onestep/simulate.js';
it('scratch', () => {
  const act = resolveActivation('sin(x)+cos(x)');
  const target = resolveTarget('z + z^2/2');
  for (const alpha of [0.2, 0.3, 0.36]) {
    const th = onestepTheory({ act, target, alpha, c: 1, psi: 1, phi: 1, noise: 0.1, ridge: 0.1, n: 400 });
    console.log(alpha, th.num_spikes, th.overlap_beta, th.spikes.map(s => [s.k, s.singular_value, s.singular_value_smoothed]), th.errors.F0.test_error, th.errors.F1.test_error, th.errors.F1.train_error, th.errors.F1_limit.test_error, th.status);
  }
  const t0 = Date.now();
  const sim = simulateOnestepSeed({ act, target, noise: 0.1, c: 1, alphas: [0.2, 0.3, 0.36], psi: 1, phi: 1, ridge: 0.1, n: 400, seed: 1 });
  console.log(JSON.stringify({ ...sim, provenance: undefined }, null, 0).slice(0, 3000), Date.now() - t0);
}, 120000);
