// Table family `onestep`: spike count, spike singular values and learned target components after one large
// gradient step (docs/theory.md §7; normalisation in src/theory/onestep/normalisation.ts). One theory evaluation per row.
import { resolveActivation, resolveTarget } from '../../model/formulas.js';
import { onestepTheory, NORMALISATION } from '../../theory/onestep/index.js';
import { memo } from './cache.js';
import { num, str, type Cell, type Evaluator } from './family.js';

export const evaluateOnestep: Evaluator = (params, quantities, cache) => {
  const a = str(params, 'act');
  const t = str(params, 'target');
  const th = onestepTheory({
    act: memo(cache, `act|${a}`, () => resolveActivation(a)),
    target: memo(cache, `target|${t}`, () => resolveTarget(t)),
    n: num(params, 'n'),
    alpha: num(params, 'alpha'),
    c: num(params, 'c'),
    psi: num(params, 'ratio_d'),
    phi: num(params, 'ratio_N'),
    noise: num(params, 'noise'),
    ridge: num(params, 'ridge'),
  });
  const values: Record<string, Cell> = {};
  const notes: Record<string, string> = {};
  if (quantities.includes('num_spikes')) {
    values['num_spikes'] = th.num_spikes;
    values['spikes_present'] = th.spikes.filter((s) => s.present).length;
  }
  if (quantities.includes('learned_components')) values['learned_components'] = th.learned_components.join(' ') || 'none';
  if (quantities.includes('spike_singular_values'))
    for (const s of th.spikes) {
      values[`sv_k${s.k}`] = s.singular_value;
      values[`sv_smoothed_k${s.k}`] = s.singular_value_smoothed;
      if (!s.present) notes[`sv_k${s.k}`] = `spike ${s.k} absent: c_${s.k}(σ) = 0`;
    }
  return {
    values,
    status: th.status,
    ...(Object.keys(notes).length ? { notes } : {}),
    numerics: { normalisation: NORMALISATION, approximation: th.approximation, n: th.n, d: th.d, N: th.N },
  };
};
