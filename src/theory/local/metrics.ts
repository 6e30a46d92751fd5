// Per-teacher-neuron metrics of a student (docs/theory.md §9; Zhou & Ge 2024, local convergence):
// neuron j belongs to the cluster T_i of teacher i if its angle to w*_i is the smallest and below a
// threshold θ_c (for even σ, w and −w are the same neuron and the angle is arccos|ρ|); otherwise it is "far".
//   cluster mass  Σ_{j∈T_i} a_j‖w_j‖ (signed; → the bias-corrected coefficient b_i),
//   angle         Σ_{j∈T_i} |a_j|‖w_j‖ ∠(w_j, w*_i) / Σ_{j∈T_i} |a_j|‖w_j‖ (mass-weighted),
//   far mass      Σ_{j far} |a_j|‖w_j‖,   imbalance  max_j |a_j² − ‖w_j‖²|.
import type { TwoLayer } from './populationLoss.js';
import { rowGeometry } from './populationLoss.js';

export interface ClusterMetrics {
  teacher: number;
  neurons: number;
  mass: number;
  /** null for an empty cluster. */
  angle_deg: number | null;
  max_angle_deg: number | null;
}

export interface StudentMetrics {
  clusters: ClusterMetrics[];
  far_mass: number;
  far_neurons: number;
  max_imbalance: number;
  /** Teacher index of each neuron, −1 for far neurons. */
  assignment: Int32Array;
  /** Angle (degrees) of each neuron to its nearest teacher direction. */
  angles_deg: Float64Array;
}

/** Clusters, far mass and balance of `student` relative to the teacher directions `teacherU` (unit rows). */
export function studentMetrics(
  student: TwoLayer,
  teacherU: Float64Array,
  k: number,
  opts: { even: boolean; thresholdDeg: number },
): StudentMetrics {
  const { m, d, a } = student;
  const { r, U } = rowGeometry(student);
  const assignment = new Int32Array(m).fill(-1);
  const angles = new Float64Array(m);
  const clusters: ClusterMetrics[] = [];
  for (let i = 0; i < k; i++) clusters.push({ teacher: i, neurons: 0, mass: 0, angle_deg: null, max_angle_deg: null });
  const weight = new Float64Array(k);
  let far = 0, farN = 0, imb = 0;
  for (let j = 0; j < m; j++) {
    let best = -1, bestCos = -Infinity;
    for (let i = 0; i < k; i++) {
      let c = 0;
      for (let t = 0; t < d; t++) c += U[j * d + t]! * teacherU[i * d + t]!;
      if (opts.even) c = Math.abs(c);
      if (c > bestCos) {
        bestCos = c;
        best = i;
      }
    }
    const ang = (Math.acos(Math.min(1, Math.max(-1, bestCos))) * 180) / Math.PI;
    angles[j] = ang;
    const mass = a[j]! * r[j]!;
    imb = Math.max(imb, Math.abs(a[j]! * a[j]! - r[j]! * r[j]!));
    if (best >= 0 && ang < opts.thresholdDeg) {
      assignment[j] = best;
      const c = clusters[best]!;
      c.neurons++;
      c.mass += mass;
      c.angle_deg = (c.angle_deg ?? 0) + Math.abs(mass) * ang;
      weight[best] += Math.abs(mass);
      c.max_angle_deg = Math.max(c.max_angle_deg ?? 0, ang);
    } else {
      far += Math.abs(mass);
      farN++;
    }
  }
  for (let i = 0; i < k; i++) {
    const c = clusters[i]!;
    if (c.angle_deg !== null) c.angle_deg = weight[i]! > 0 ? c.angle_deg / weight[i]! : null;
  }
  return { clusters, far_mass: far, far_neurons: farN, max_imbalance: imb, assignment, angles_deg: angles };
}
