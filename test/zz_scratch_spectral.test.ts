import { it } from 'vitest';
import { gaussLegendre } from '../src/quadrature/gaussLegendre.js';
import { spectrum, deltaStar } from '../src/spectral/index.js';
import type { Law } from '../src/law.js';
function lawFrom(breaks: number[], n: number, Tf: (z: number) => number): Law {
  const b = [-10, ...breaks, 10];
  const zs: number[] = [], ws: number[] = [];
  for (let p = 0; p + 1 < b.length; p++) {
    const m = Math.max(1, Math.ceil((b[p + 1]! - b[p]!) / 0.5));
    for (let j = 0; j < m; j++) {
      const a = b[p]! + (j * (b[p + 1]! - b[p]!)) / m, c = b[p]! + ((j + 1) * (b[p + 1]! - b[p]!)) / m;
      const r = gaussLegendre(n, a, c);
      for (let i = 0; i < n; i++) { zs.push(r.nodes[i]!); ws.push(r.weights[i]! * Math.exp(-(r.nodes[i]! ** 2) / 2) / Math.sqrt(2 * Math.PI)); }
    }
  }
  const z = Float64Array.from(zs);
  return { size: z.length, weights: Float64Array.from(ws), columns: { z, T: z.map(Tf) }, origin: 'test', order: n };
}
it('ref', () => {
  const law = lawFrom([-Math.sqrt(3), Math.sqrt(3)], 20, (z) => Math.min(z * z, 3) - 1);
  console.log(law.size, deltaStar(law, 'upper'), spectrum(law, 2, 'upper'), spectrum(law, 4, 'upper'), deltaStar(law, 'lower'), spectrum(law, 4, 'lower'));
});
