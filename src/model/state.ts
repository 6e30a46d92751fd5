// A data-independent network state and the exact joint law of the per-sample variables it induces (docs/theory.md (4.6)).
// The state is W's low-dimensional description: norms r_j = ‖w_j‖, cosines between neurons cos∠(w_j, w_l) and
// with the latent directions cos∠(w_j, θ_r). Writing w_j = r_j (Σ_r c_rj θ_r + Σ_q L_jq e_q) with e_q orthonormal
// and orthogonal to the latent space (L Lᵀ = cos(W,W) − cᵀc), the pre-activations are
//   u_j = r_j (Σ_r c_rj z_r + Σ_q L_jq g_q),   (z, g) ~ N(0, I_{k+p}) independent, ξ ~ N(0, 1) the label noise,
// exactly, for every d, because W does not depend on the data. Spike coordinates ζ = (z_1..z_k, g_1..g_p).
import { UsageError } from '../core/errors.js';
import { symEigen } from '../numerics/linalg/symmetricEigen.js';

export interface NetworkState {
  m: number;
  /** Fixed readout a ∈ R^m. */
  readout: Float64Array;
  /** r_j = ‖w_j‖. */
  norms: Float64Array;
  /** m×m cosines cos∠(w_j, w_l) (1 on the diagonal). */
  neuronCos: Float64Array;
  /** k×m cosines c_rj = cos∠(w_j, θ_r). */
  latentCos: Float64Array;
  k: number;
}

/** The latent-orthogonal factor: u_j = r_j(Σ_r c_rj z_r + Σ_q L_jq g_q); L is m×p. */
export interface StateFactor {
  p: number;
  /** m×p, row-major. */
  L: Float64Array;
}

const OVERLAP_EXAMPLE = 'w1.z1=0.3,w1.w2=0.2';

/** Parses --overlaps "w1.z1=0.3, w1.w2=0.2": cosines of neuron j with latent direction r (wJ.zR, or wJ.z for
 *  k = 1) and with neuron l (wJ.wL). Unlisted cosines are 0 (the default state: neurons orthogonal to each other
 *  and to the latent space). */
export function parseOverlaps(spec: string | undefined, m: number, k: number): { neuronCos: Float64Array; latentCos: Float64Array } {
  const neuronCos = new Float64Array(m * m);
  for (let j = 0; j < m; j++) neuronCos[j * m + j] = 1;
  const latentCos = new Float64Array(k * m);
  if (spec === undefined || spec.trim() === '') return { neuronCos, latentCos };
  for (const part of spec.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const mm = /^w(\d+)\.(w|z)(\d*)\s*=\s*(.+)$/.exec(part);
    if (!mm) throw new UsageError('--overlaps', `cannot read "${part}"; entries are wJ.zR=cos or wJ.wL=cos`, OVERLAP_EXAMPLE);
    const j = Number(mm[1]) - 1;
    const kind = mm[2]!;
    const idx = mm[3] === '' ? (kind === 'z' ? 0 : NaN) : Number(mm[3]) - 1;
    const v = Number(mm[4]);
    if (!(j >= 0 && j < m)) throw new UsageError('--overlaps', `neuron index in "${part}" is not in 1..${m}`, OVERLAP_EXAMPLE);
    if (!Number.isFinite(v) || Math.abs(v) > 1) throw new UsageError('--overlaps', `"${part}": a cosine must be a number in [-1, 1]`, OVERLAP_EXAMPLE);
    if (kind === 'z') {
      if (!(idx >= 0 && idx < k)) throw new UsageError('--overlaps', `latent index in "${part}" is not in 1..${k}`, OVERLAP_EXAMPLE);
      latentCos[idx * m + j] = v;
    } else {
      if (!(idx >= 0 && idx < m) || idx === j) throw new UsageError('--overlaps', `"${part}": wJ.wL needs two different neurons in 1..${m}`, OVERLAP_EXAMPLE);
      neuronCos[j * m + idx] = v;
      neuronCos[idx * m + j] = v;
    }
  }
  return { neuronCos, latentCos };
}

/** Builds and checks a state (lengths, non-negative norms, a realisable Gram matrix). */
export function makeState(readout: number[], norms: number[], k: number, overlaps?: string): NetworkState {
  const m = readout.length;
  if (m < 1) throw new UsageError('--readout', 'needs at least one neuron', '1');
  if (norms.length !== m)
    throw new UsageError('--norms', `has ${norms.length} entries but --readout has ${m} (one per neuron)`, Array(m).fill('1').join(','));
  norms.forEach((r, j) => {
    if (!(r >= 0)) throw new UsageError('--norms', `entry ${j + 1} is ${r}: norms must be ≥ 0`, Array(m).fill('1').join(','));
  });
  const { neuronCos, latentCos } = parseOverlaps(overlaps, m, k);
  const state: NetworkState = { m, readout: Float64Array.from(readout), norms: Float64Array.from(norms), neuronCos, latentCos, k };
  stateFactor(state);
  return state;
}

/** L with L Lᵀ = cos(W, W) − cᵀc (the Gram matrix of the neurons' latent-orthogonal parts), rank p. */
export function stateFactor(s: NetworkState): StateFactor {
  const { m, k } = s;
  const Q = new Float64Array(m * m);
  for (let j = 0; j < m; j++)
    for (let l = 0; l < m; l++) {
      let v = s.neuronCos[j * m + l]!;
      for (let r = 0; r < k; r++) v -= s.latentCos[r * m + j]! * s.latentCos[r * m + l]!;
      Q[j * m + l] = v;
    }
  const { values, vectors } = symEigen(Q, m);
  if (values[m - 1]! < -1e-10)
    throw new UsageError('--overlaps', `the cosines are not realisable (their Gram matrix has eigenvalue ${values[m - 1]!.toExponential(2)} < 0)`, OVERLAP_EXAMPLE);
  const keep = Array.from(values).map((v, i) => [v, i] as const).filter(([v]) => v > 1e-12);
  const p = keep.length;
  const L = new Float64Array(m * p);
  keep.forEach(([v, i], q) => {
    for (let j = 0; j < m; j++) L[j * p + q] = vectors[j * m + i]! * Math.sqrt(v);
  });
  return { p, L };
}

/** Pre-activations u at the point (z, g): u_j = r_j(Σ_r c_rj z_r + Σ_q L_jq g_q). */
export function preactivations(s: NetworkState, f: StateFactor, z: ArrayLike<number>, g: ArrayLike<number>, out: Float64Array): void {
  const { m, k } = s;
  for (let j = 0; j < m; j++) {
    let u = 0;
    for (let r = 0; r < k; r++) u += s.latentCos[r * m + j]! * z[r]!;
    for (let q = 0; q < f.p; q++) u += f.L[j * f.p + q]! * g[q]!;
    out[j] = s.norms[j]! * u;
  }
}
