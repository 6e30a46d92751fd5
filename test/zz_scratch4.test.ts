import { it } from 'vitest';
import { buildSpectralLaw } from '../src/law.js';
import { resolveTarget, resolveWeight } from '../src/formulas.js';
import { deltaStar, spectrum } from '../src/spectral/index.js';
it('noisy law', () => {
  const t = resolveTarget('z^2'), w = resolveWeight('min(y,3)-1');
  for (const order of [8, 10, 12, 16, 20]) {
    const law = buildSpectralLaw(t, w, { noise: 0.7, order });
    const s = spectrum(law, 4, 'upper');
    console.log(order, law.size, deltaStar(law, 'upper').delta_star, s.bulk_edge, s.outlier, s.overlap2);
  }
});
