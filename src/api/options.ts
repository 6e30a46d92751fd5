// Option objects of the public API: the CLI's flags, camelCased (initScale ↔ --init-scale). Numbers and lists may be
// given as numbers / arrays; they are validated exactly as on the command line.
export type FlagValue = string | number | boolean | readonly (number | string)[] | undefined;

export interface FormulaOptions {
  /** activation σ: catalogue name or expression in x (default gelu) */
  act?: string;
  /** loss ℓ(y, f): catalogue name or expression in y, f (default square) */
  loss?: string;
  /** target y = g(z) or g(z1..z3) (default tanh(z^2)) */
  target?: string;
  /** label noise σ ≥ 0: y = g(z) + σξ */
  noise?: number;
}

export interface SpectralOptions {
  target?: string; weight?: string; delta?: number; side?: 'upper' | 'lower'; noise?: number; plot?: string;
}
export interface AlgOptions { target?: string; noise?: number }
export interface HermiteOptions { fn?: string; kmax?: number }
export interface NnOptions extends FormulaOptions {
  width?: number; readout?: readonly number[]; norms?: readonly number[]; overlaps?: string; delta?: number;
  order?: number; full?: boolean; state?: string; lr?: number; steps?: number; initScale?: number; ridge?: number;
  samples?: number; lawSamples?: number; replicas?: number; deltaGrid?: readonly number[]; times?: readonly number[];
  seed?: number; d?: number; window?: number | 'exact'; early?: number;
}
export interface OnestepOptions {
  act?: string; target?: string; noise?: number; alpha?: number; c?: number; ratios?: readonly number[];
  ridge?: number; n?: number; plot?: string;
}
export interface LocalOptions {
  act?: string; teacherDirs?: number; teacherA?: readonly number[]; d?: number; width?: number; lambda?: number;
  schedule?: string; steps?: number; lr?: number; seed?: number; teacherSeed?: number; initScale?: number;
  clusterAngle?: number; gtol?: number; survivorFraction?: number; n?: number; sup?: boolean; plot?: string;
}
export interface SimulateSpectralOptions {
  target?: string; weight?: string; delta?: number; d?: number; seeds?: number; seed?: number; side?: 'upper' | 'lower';
  noise?: number; k?: number; plot?: string;
}
export interface SimulateHessianOptions extends FormulaOptions {
  width?: number; readout?: readonly number[]; norms?: readonly number[]; overlaps?: string;
  delta?: number; d?: number; seeds?: number; seed?: number; eigenpairs?: number; order?: number; plot?: string;
}
export interface SimulateGdOptions extends FormulaOptions {
  hard?: readonly number[]; width?: number; readout?: readonly number[]; initScale?: number; lr?: number; steps?: number;
  ridge?: number; d?: number; seeds?: number; seed?: number; hessianAt?: readonly number[]; hessianK?: number;
  nTest?: number; recordEvery?: number; threads?: number; delta?: number; plot?: string;
}
export interface SimulateOnestepOptions extends OnestepOptions { seeds?: number; seed?: number; top?: number }
export interface ThresholdOptions extends SimulateGdOptions {
  samples?: number; realisations?: number; dims?: readonly number[]; deltaRange?: readonly number[];
  maxDelta?: number; bisections?: number; window?: number | 'exact'; early?: number;
}
export interface ValidateOptions { suite?: string; record?: boolean; quick?: boolean }
export interface TableOptions { config: string; format?: string; out?: string; workers?: number; set?: string }

/** The command-line words for an option object: { initScale: 2, full: true } → ["--init-scale", "2", "--full"]. */
export function toFlags(options: object): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(options) as Array<[string, FlagValue]>) {
    if (value === undefined) continue;
    const flag = '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
    if (typeof value === 'boolean') out.push(value ? flag : `--no-${flag.slice(2)}`);
    else out.push(flag, Array.isArray(value) ? value.join(',') : String(value));
  }
  return out;
}
