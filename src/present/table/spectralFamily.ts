// Table family `spectral`: δ*, bulk edge, outlier and overlap² of D = (1/n) Σ T(y_i) x_i x_iᵀ (docs/theory.md §1).
// One Law per (target, weight, noise) and one δ* per (law, side) are built and reused across the δ grid.
import { buildSpectralLaw, type Law } from '../../model/law.js';
import { resolveTarget, resolveWeight } from '../../model/formulas.js';
import { deltaStar, spectrum, type Side, type Threshold } from '../../theory/spectral/index.js';
import { combineStatus, type SolverStatus } from '../../core/status.js';
import { memo } from './cache.js';
import { num, str, type Cell, type Evaluator } from './family.js';

export const evaluateSpectral: Evaluator = (params, quantities, cache) => {
  const t = str(params, 'target');
  const w = str(params, 'weight');
  const noise = num(params, 'noise');
  const side = str(params, 'side') as Side;
  const law = memo<Law>(cache, `law|${t}|${w}|${noise}`, () =>
    buildSpectralLaw(memo(cache, `target|${t}`, () => resolveTarget(t)), memo(cache, `weight|${w}`, () => resolveWeight(w)), { noise }),
  );
  const values: Record<string, Cell> = {};
  const notes: Record<string, string> = {};
  const statuses: SolverStatus[] = [];
  if (quantities.includes('delta_star')) {
    const th = memo<Threshold>(cache, `deltaStar|${t}|${w}|${noise}|${side}`, () => deltaStar(law, side));
    values['delta_star'] = th.delta_star;
    if (th.reason) notes['delta_star'] = th.reason;
    statuses.push(th.status);
  }
  if (quantities.some((q) => q === 'bulk_edge' || q === 'outlier' || q === 'overlap2')) {
    const s = spectrum(law, num(params, 'delta'), side);
    if (quantities.includes('bulk_edge')) values['bulk_edge'] = s.bulk_edge;
    if (quantities.includes('outlier')) {
      values['outlier'] = s.outlier;
      if (s.outlier === null) notes['outlier'] = s.message ?? 'no outlier: the top eigenvalue sticks to the bulk edge';
    }
    if (quantities.includes('overlap2')) values['overlap2'] = s.overlap2;
    statuses.push(s.status);
  }
  return {
    values,
    status: combineStatus('spectral (docs/theory.md §1)', statuses),
    ...(Object.keys(notes).length ? { notes } : {}),
    numerics: {
      law: { origin: law.origin, order: law.order, ...(law.rule ? { rule: law.rule } : {}), ...(law.errorEstimate !== undefined ? { error_estimate: law.errorEstimate } : {}) },
    },
  };
};
