// Which Hermite components of the target g are learned after one step (docs/theory.md (7.6); Moniri et al. 2024, Cor. 4.3):
//   component 0 (mean)   : by the constant feature, iff c_0(σ) ≠ 0;
//   component 1 (linear) : by the random features already at initialisation (and by spike 1 along β);
//   component k ≥ 2      : iff k ≤ ℓ(α), c_k(σ) ≠ 0 and c_1(g) ≠ 0 (spike k carries He_k(⟨β,x⟩), which overlaps
//                          He_k(⟨β*,x⟩) by ⟨β,β*⟩^k; the fraction of the component's variance captured in the limit
//                          is ⟨β,β*⟩^{2k}).
import type { HermiteData } from './coefficients.js';

export interface ComponentRow {
  k: number;
  /** c_k(g). */
  target_coefficient: number;
  /** c_k(σ). */
  activation_coefficient: number;
  in_target: boolean;
  learned: boolean;
  by: string | null;
  /** Fraction of the component's variance c_k(g)²/k! captured in the n → ∞ limit (null for k ≤ 1). */
  captured_fraction_limit: number | null;
  reason: string;
}

/** The learnability table for target components k = 0..kmax (docs/theory.md (7.6)). */
export function learnability(sigma: HermiteData, g: HermiteData, ell: number, overlap2: number, kmax: number): ComponentRow[] {
  const rows: ComponentRow[] = [];
  for (let k = 0; k <= kmax; k++) {
    const inTarget = g.present[k]!;
    // Coefficients below the zero tolerance (coefficients.ts) are reported as exact zeros.
    const base = { k, target_coefficient: inTarget ? g.c[k]! : 0, activation_coefficient: sigma.present[k] ? sigma.c[k]! : 0, in_target: inTarget };
    if (!inTarget) {
      rows.push({ ...base, learned: false, by: null, captured_fraction_limit: null, reason: `c_${k}(g) = 0: the target has no He_${k} component` });
    } else if (k === 0) {
      const ok = sigma.present[0]!;
      rows.push({ ...base, learned: ok, by: ok ? 'constant feature (c_0(σ) ≠ 0)' : null, captured_fraction_limit: ok ? 1 : 0,
        reason: ok ? 'the features have mean c_0(σ) ≠ 0' : 'c_0(σ) = 0: the features have no constant part' });
    } else if (k === 1) {
      rows.push({ ...base, learned: true, by: 'random features F0 (linear part) and spike 1 along β', captured_fraction_limit: null,
        reason: 'linear components are learned by random features in the proportional regime (partially, see test_error)' });
    } else if (k > ell) {
      rows.push({ ...base, learned: false, by: null, captured_fraction_limit: 0, reason: `k = ${k} > ℓ(α) = ${ell}: no spike of this degree` });
    } else if (!sigma.present[k]!) {
      rows.push({ ...base, learned: false, by: null, captured_fraction_limit: 0, reason: `c_${k}(σ) = 0: spike ${k} is absent` });
    } else {
      rows.push({ ...base, learned: true, by: `spike ${k}: He_${k}(<β,x>)`, captured_fraction_limit: overlap2 ** k,
        reason: `k ≤ ℓ(α), c_${k}(σ) ≠ 0, c_1(g) ≠ 0` });
    }
  }
  return rows;
}
