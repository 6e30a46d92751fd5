// δNN(t) along the DMFT path (docs/theory.md (5.9)): the §1 outlier equations fed the DMFT's law of
// (z, A^t) at step t — the plug-in of docs/theory.md (5.4), accurate to ~1% for t ≤ 20 when fed the simulated law —
// with the law now coming from theory instead of a simulation. The law at step t depends on δ, so δNN(t) is the
// self-consistent root of  F_t(δ) = ln δ − ln δ*_t(δ) = 0,  δ*_t(δ) = §1 lower-side threshold of the law of
// (z, A^t_jj) produced at sample ratio δ, minimised over neurons j (block-diagonal for m > 1, as the population
// model). F_t is evaluated on a geometric δ-grid (one DMFT run per grid point gives every t) and the root is
// interpolated linearly in ln δ inside the first cell where F_t changes sign; the cell is the error bar.
import { dmftPath, resolveDmft, type DmftPath, type DmftSpec } from './march.js';
import type { CompressionPolicy } from './cells.js';
import { longDmftPath, type LongDmftPath } from './longMarch.js';
import { pathLawSamples } from './pathLaw.js';
import { empiricalLaw } from '../../model/law.js';
import { deltaStar } from '../spectral/index.js';
import { combineStatus, type SolverStatus } from '../../core/status.js';
import { UsageError } from '../../core/errors.js';
import { meanSe } from '../../numerics/stats.js';

export interface DmftDeltaNN {
  t: number[];
  /** Self-consistent δNN(t) (null: F_t has no sign change on the grid). */
  delta_nn_t: (number | null)[];
  /** Grid cell [δ_k, δ_{k+1}] containing each root. */
  cell_t: ([number, number] | null)[];
  /** δNN := δNN(T), the value at the horizon (the end of the path), as for the population model. */
  delta_nn: number | null;
  grid: number[];
  /** δ*_t(δ) on the grid: rows = grid points, columns = times (null: no outlier), and its Monte Carlo se. */
  delta_star: (number | null)[][];
  delta_star_se: (number | null)[][];
  /** Monte Carlo se of δNN(t): the relative se of δ*_t at the grid point above the root, times the root. */
  mc_se_t: (number | null)[];
  /** Grid points skipped because the DMFT path diverged there (GD unstable at that δ and η). */
  notes: string[];
  /** The block weight is unbounded below: §1 does not apply (status not converged). */
  weight_unbounded_below: boolean;
  status: SolverStatus;
}

/** δ*_t of the law at every requested t of one DMFT run at sample ratio δ (d → ∞: no symmetry breaking): the law is
 *  drawn `replicas` times with `lawSamples` extra effective samples each (src/theory/dmft/pathLaw.ts); the answer is the
 *  mean over replicas that find an outlier (null if most do not) and its standard error (the Monte Carlo error of
 *  the empirical-law δ*, which the lower tail of the weight dominates). */
export function pathDeltaStars(spec: DmftSpec, times: number[], lawSamples: number, replicas: number, compression?: CompressionPolicy, progress?: (t: number) => void): { delta_star: (number | null)[]; se: (number | null)[]; diverged: boolean; lawMin: number; status: SolverStatus } {
  const long = compression !== undefined && Number.isFinite(compression.window);
  // Exact march: the kernels are kept and pathLaw.ts draws each replica's law; coarse-grained march: the law
  // samples are spectator paths of the march itself (src/theory/dmft/longMarch.ts), split into replicas.
  const path = long
    ? longDmftPath({ ...spec, lawAt: times }, { d: Infinity, seed: 0 }, compression, { ...(progress ? { progress } : {}), spectators: { count: 2 * Math.ceil((lawSamples * replicas) / 2), seed: spec.seed * 1000 + 1 } })
    : dmftPath({ ...spec, keepKernels: true }, { d: Infinity, seed: 0 });
  if (path.diverged !== undefined) {
    const bad: SolverStatus = { converged: false, residual: Infinity, iterations: path.diverged, method: 'DMFT march', message: `the DMFT path at δ = ${spec.delta} became non-finite at step ${path.diverged} (GD unstable at η = ${spec.lr}?)` };
    return { delta_star: times.map(() => null), se: times.map(() => null), diverged: true, lawMin: Infinity, status: bad };
  }
  const m = path.m, m2 = m * m;
  const replicaLaws = (rep: number): { t: number; z: Float64Array; A: Float64Array }[] => {
    if (!long) return pathLawSamples(spec, path as DmftPath, times, lawSamples, spec.seed * 1000 + rep + 1);
    const all = (path as LongDmftPath).spectatorLaws;
    return times.map((t) => {
      const L = all.find((l) => l.t === t)!;
      return { t, z: L.z.subarray(rep * lawSamples, (rep + 1) * lawSamples), A: L.A.subarray(rep * lawSamples * m2, (rep + 1) * lawSamples * m2) };
    });
  };
  const per: (number | null)[][] = times.map(() => []);
  let lawMin = Infinity;
  const statuses: SolverStatus[] = [];
  for (let rep = 0; rep < replicas; rep++) {
    replicaLaws(rep).forEach((law, ti) => {
      let best: number | null = null;
      for (let j = 0; j < m; j++) {
        const T = new Float64Array(law.z.length);
        for (let i = 0; i < T.length; i++) {
          T[i] = law.A[i * m2 + j * m + j]!;
          if (T[i]! < lawMin) lawMin = T[i]!;
        }
        const th = deltaStar(empiricalLaw({ T, z: law.z }, `DMFT law of (A^t_jj, z) at t = ${law.t}`), 'lower');
        statuses.push(th.status);
        if (th.delta_star !== null && (best === null || th.delta_star < best)) best = th.delta_star;
      }
      per[ti]!.push(best);
    });
  }
  const delta_star: (number | null)[] = [], se: (number | null)[] = [];
  for (const xs of per) {
    const ok = xs.filter((x): x is number => x !== null);
    if (2 * ok.length <= xs.length) {
      delta_star.push(null);
      se.push(null);
      continue;
    }
    const r = meanSe(ok);
    delta_star.push(r.mean);
    se.push(Number.isFinite(r.se) ? r.se : null);
  }
  return { delta_star, se, diverged: false, lawMin, status: combineStatus('§1 δ* of the DMFT path law', statuses) };
}

/** Is the block weight A_jj = ℓ''(a_jσ'(u_j))² + ℓ' a_jσ''(u_j) unbounded below? (src/theory/hessian/tail.ts does this for
 *  fixed states against the minimum over quadrature atoms, i.e. the law's true infimum region; here the reference is
 *  the minimum over a finite law sample, which is shallower, hence the different margin.) Probed far out (u_j ∈ {0, ±1, ±2, ±3, ±R},
 *  the other neurons' u ∈ {0, ±R}, z ∈ {0, ±R}, label noise ξ ∈ {0, ±R} when noise > 0, R = 256·s) against its minimum over a law sample, as src/theory/hessian/tail.ts does for fixed states: §1
 *  needs a bounded weight, and with an unbounded one the plug-in δ* of an empirical law depends on its size. */
export function weightUnboundedBelow(spec: DmftSpec, lawMin: number): boolean {
  const { act, loss, target } = resolveDmft(spec);
  const m = spec.readout.length, R = 256 * spec.initScale;
  const ja = new Float64Array(4), jl = new Float64Array(4), x = new Float64Array(1), zl = new Float64Array(1), yl = new Float64Array(2);
  let worst = Infinity;
  // With label noise y = g(z) + noise·ξ, A is linear in ξ through ℓ' (square loss: ℓ' = f − y), so any σ'' ≠ 0
  // makes it unbounded below (src/theory/hessian/tail.ts): probe ξ = ±R as well.
  const xis = spec.noise > 0 ? [0, R, -R] : [0];
  const probes: Array<[number, number]> = [];
  for (const z of [0, R, -R]) for (const xi of xis) probes.push([z, xi]);
  for (const [z, xi] of probes)
    for (const uj of [0, 1, -1, 2, -2, 3, -3, R, -R])
      for (const uo of m > 1 ? [0, R, -R] : [0]) {
        zl[0] = z;
        const y = target.fn.value(zl) + spec.noise * xi;
        let f = 0, sp = 0, sc = 0;
        for (let k = 0; k < m; k++) {
          x[0] = k === 0 ? uj : uo;
          act.jet(x, 0, ja);
          f += spec.readout[k]! * ja[0]!;
          if (k === 0) {
            sp = spec.readout[0]! * ja[1]!;
            sc = spec.readout[0]! * ja[2]!;
          }
        }
        yl[0] = y;
        yl[1] = f;
        loss.jet(yl, 1, jl);
        const A = jl[2]! * sp * sp + jl[1]! * sc;
        if (Number.isFinite(A)) worst = Math.min(worst, A);
      }
  return worst < lawMin - Math.max(1, Math.abs(lawMin));
}

export function dmftDeltaNN(spec: Omit<DmftSpec, 'delta'>, times: number[], grid: number[], lawSamples: number, replicas: number, compression?: CompressionPolicy, progress?: (label: string) => ((t: number) => void) | undefined): DmftDeltaNN {
  if (grid.length < 2 || grid.some((g, i) => !(g > 0) || (i > 0 && g <= grid[i - 1]!)))
    throw new UsageError('--delta-grid', 'needs ≥ 2 increasing positive values', '1,2,4,8,16,32,64');
  const rows: (number | null)[][] = [], seRows: (number | null)[][] = [], valid: number[] = [], notes: string[] = [];
  let lawMinimum = Infinity;
  const statuses: SolverStatus[] = [];
  for (const delta of grid) {
    const r = pathDeltaStars({ ...spec, delta }, times, lawSamples, replicas, compression, progress?.(`DMFT δ=${delta.toPrecision(4)}`));
    rows.push(r.delta_star);
    seRows.push(r.se);
    lawMinimum = Math.min(lawMinimum, r.lawMin);
    if (r.diverged) notes.push(r.status.message ?? `DMFT path diverged at δ = ${delta}`);
    else {
      statuses.push(r.status);
      valid.push(rows.length - 1);
    }
  }
  const delta_nn_t: (number | null)[] = [];
  const cell_t: ([number, number] | null)[] = [];
  const mc_se_t: (number | null)[] = [];
  times.forEach((_, ti) => {
    // F = ln δ − ln δ*(δ); no outlier at any δ (δ* null) counts as F < 0 (not yet above threshold). Grid points
    // where the DMFT path diverged are skipped (their status is reported).
    const F = grid.map((g, k) => (rows[k]![ti] === null ? -Infinity : Math.log(g) - Math.log(rows[k]![ti]!)));
    let root: number | null = null, cell: [number, number] | null = null, rootSe: number | null = null;
    for (let v = 0; v + 1 < valid.length; v++) {
      const k = valid[v]!, k1 = valid[v + 1]!;
      if (F[k]! < 0 && F[k1]! >= 0) {
        const a = Math.log(grid[k]!), b = Math.log(grid[k1]!);
        const fa = F[k]!, fb = F[k1]!;
        root = Number.isFinite(fa) ? Math.exp(a + ((b - a) * -fa) / (fb - fa)) : grid[k1]!;
        cell = [grid[k]!, grid[k1]!];
        const sHi = seRows[k1]![ti], dHi = rows[k1]![ti];
        rootSe = sHi !== null && sHi !== undefined && dHi ? (root * sHi) / dHi : null;
        break;
      }
    }
    if (root === null && valid.length > 0 && F[valid[0]!]! >= 0) cell = [0, grid[valid[0]!]!];
    delta_nn_t.push(root);
    cell_t.push(cell);
    mc_se_t.push(rootSe);
  });
  const last = times.length - 1;
  const unbounded = weightUnboundedBelow({ ...spec, delta: grid[0]! }, lawMinimum);
  return {
    t: times,
    delta_nn_t,
    cell_t,
    delta_nn: delta_nn_t[last] ?? null,
    grid,
    delta_star: rows,
    delta_star_se: seRows,
    mc_se_t,
    notes,
    weight_unbounded_below: unbounded,
    status: unbounded
      ? { converged: false, residual: Infinity, iterations: grid.length, method: 'DMFT plug-in δNN(t)', message: 'the block weight A is unbounded below (probed far out): §1 needs a bounded weight, and the plug-in δ* of the sampled law then depends on the number of law samples — not a limit' }
      : valid.length >= 2 ? combineStatus('DMFT plug-in δNN(t)', statuses) : { converged: false, residual: Infinity, iterations: grid.length, method: 'DMFT plug-in δNN(t)', message: `fewer than 2 grid points with a finite DMFT path: ${notes.join('; ')}` },
  };
}
