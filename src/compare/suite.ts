// Validation suites compare a theory prediction with a finite-d simulation (or a published value).
// Verdict rule (stated in every result): pass iff |theory − measured| ≤ Z_SE · se + allowance,
// where se is the standard error over seeds and `allowance` a finite-size allowance stated per case.

export const Z_SE = 3;

export interface CaseResult {
  id: string;
  description: string;
  /** Name of the compared quantity, e.g. "top eigenvalue", "overlap²". */
  quantity: string;
  theory: number | null;
  measured: number | null;
  /** Standard error of `measured` over seeds. */
  se: number;
  /** Finite-size allowance added to Z_SE·se, with its reason. */
  allowance: number;
  allowance_reason: string;
  pass: boolean;
  /** d, n, seeds and any case-specific configuration. */
  config: Record<string, unknown>;
  note?: string;
}

export interface SuiteResult {
  suite: string;
  verdict_rule: string;
  cases: CaseResult[];
  passed: number;
  failed: number;
  seconds: number;
}

export interface SuiteOptions {
  /** Smaller d and fewer seeds, for the unit tests (never recorded as the suite's result). */
  quick?: boolean;
  /** Progress lines (stderr). */
  log?: (line: string) => void;
}

/** An independently runnable part of a suite (one or more cases), the unit of `validate --shard`. */
export interface SuiteUnit {
  id: string;
  run(): Promise<CaseResult[]>;
}

export interface Suite {
  name: string;
  describe: string;
  run(opts: SuiteOptions): Promise<CaseResult[]>;
  /** The suite as independent units whose results, concatenated in order, are `run`'s. A suite without units is
   *  one unit. */
  units?(opts: SuiteOptions): SuiteUnit[];
}

/** The units of a suite (the whole suite as one unit when it does not define them). */
export function suiteUnits(suite: Suite, opts: SuiteOptions): SuiteUnit[] {
  return suite.units ? suite.units(opts) : [{ id: suite.name, run: () => suite.run(opts) }];
}

/** Runs units in order and concatenates their cases (the `run` of a suite with units). */
export async function runUnits(units: readonly SuiteUnit[]): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const u of units) out.push(...(await u.run()));
  return out;
}

export function verdict(theory: number | null, measured: number | null, se: number, allowance: number): boolean {
  if (theory === null || measured === null) return theory === measured;
  return Math.abs(theory - measured) <= Z_SE * se + allowance;
}

export const VERDICT_RULE = `pass iff |theory − measured| ≤ ${Z_SE}·se + allowance (se: standard error over seeds; allowance: stated finite-size allowance)`;
