// Finite-n ridge errors on the features after one large step, bulk included (docs/theory.md (8.1)–(8.10)):
// the neuron-profiled bulk of stepFeatures.ts, the spikes of the uncentred mean kernel h(t, g) (smoothed.ts with
// centre: false; θ̃_r = N ς_r², target component T_r = (Σ_m ρ^m μ_m(g) u_{r,m})²), and the target split (8.4)
//   q_l = μ_{l+1}(g) √(l+1) ρ^l √(1 − ρ²)   (component of y along p_l(t)·⟨β*⊥, x⟩),   ν² = E y² − Σ_r T_r − ‖q‖².
// Quadrature: m-node grids in t and g (90 for the kernel), and ⌊2m/3⌋ (60) for the error estimate.
import type { CompiledFn } from '../../expr/index.js';
import { combineStatus, type SolverStatus } from '../../status.js';
import type { HermiteData } from '../../onestep/coefficients.js';
import type { RidgeErrors, RidgeSpike } from '../../onestep/ridge.js';
import { smoothedSpikes, type KernelParams } from '../../onestep/smoothed.js';
import { profileRidgeErrors } from './profileRidge.js';
import { stepFeatureLaw } from './stepFeatures.js';

export const STEP_RIDGE_APPROXIMATION =
  'finite n: Gaussian-equivalent features conditional on t = <β,x>, neuron by neuron (row norms s(g), spike b = κg/√N), ' +
  'bulk blocks p_l(t)·<v_j,x> with coefficients from E σ′, the rest as independent noise; rows of W1 orthogonal to β ' +
  'treated as i.i.d. isotropic (the correlations from sub-critical single-sample imprints are left out); spikes of the ' +
  'uncentred mean kernel as feature directions orthogonal to the bulk';

export interface StepRidgeInput {
  act: { fn: CompiledFn; breaks: readonly number[] };
  g: HermiteData;
  kp: KernelParams;
  /** ⟨β, β*⟩ (signed). */
  rho: number;
  /** E y² (label noise included). */
  ey2: number;
  n: number;
  psi: number;
  phi: number;
  lambda: number;
  /** Grid size per axis (default 48) and largest block degree L (default 6). */
  nodes?: number;
  blocks?: number;
}

/** Spikes of the uncentred mean kernel with their target components (header), on a `nodes`-point grid per axis. */
export function meanKernelSpikes(inp: StepRidgeInput, nodes = 90): { spikes: RidgeSpike[]; status: SolverStatus } {
  const sm = smoothedSpikes(inp.act.fn, inp.act.breaks, inp.kp, { keep: 16, kmax: 12, centre: false, nodes });
  const spikes = sm.pairs.map((p) => {
    let s = 0;
    for (let m = 0; m < p.hermite.length; m++) s += inp.rho ** m * inp.g.mu[m]! * p.hermite[m]!;
    return { theta: inp.kp.N * p.varsigma * p.varsigma, target2: s * s };
  });
  return { spikes, status: sm.status };
}

/** Finite-n F1 ridge errors (header), with the two-grid quadrature error in the status. */
export function stepRidgeErrors(inp: StepRidgeInput): RidgeErrors {
  const m = inp.nodes ?? 48;
  const L = inp.blocks ?? 6;
  const rhoPerp = Math.sqrt(Math.max(0, 1 - inp.rho * inp.rho));
  const q = new Float64Array(L + 1);
  for (let l = 0; l <= L; l++) q[l] = (inp.g.mu[l + 1] ?? 0) * Math.sqrt(l + 1) * inp.rho ** l * rhoPerp;
  const q2 = q.reduce((s, x) => s + x * x, 0);
  // Both the neuron profile (m vs ⌊2m/3⌋ nodes) and the mean kernel (90 vs 60 nodes) change between the two solves;
  // the change of the errors is the quadrature error estimate.
  const solve = (nodes: number, kernelNodes: number) => {
    const { spikes } = meanKernelSpikes(inp, kernelNodes);
    const noise2 = Math.max(0, inp.ey2 - q2 - spikes.reduce((s, x) => s + x.target2, 0));
    return profileRidgeErrors({ law: stepFeatureLaw(inp.act, inp.kp, nodes, L), q, spikes, noise2, psi: inp.psi, phi: inp.phi, n: inp.n, lambda: inp.lambda });
  };
  const hi = solve(m, 90);
  const lo = solve(Math.floor((2 * m) / 3), 60);
  const quad = Math.max(Math.abs(hi.test_error - lo.test_error) / hi.test_error, Math.abs(hi.train_error - lo.train_error) / hi.train_error);
  const quadStatus: SolverStatus = {
    converged: quad <= 1e-4,
    residual: quad,
    iterations: m,
    method: `gauss-hermite neuron profile (${m} vs ${Math.floor((2 * m) / 3)} nodes)`,
    ...(quad <= 1e-4 ? {} : { message: `relative change ${quad.toExponential(2)} between grids` }),
  };
  return { ...hi, status: combineStatus('finite-n ridge (docs/theory.md §8)', [hi.status, lo.status, quadStatus]) };
}
