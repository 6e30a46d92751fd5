// Regression table for the CLI's reliability contract (docs/exit-codes.md): hard inputs that must neither give a
// wrong answer marked converged, nor hang, nor overwrite recorded results, nor fail with the wrong code or flag. Each runs the built CLI in a child process
// with a wall-time cap (spawnCli.ts), so a hang fails as a hang.
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractProblems, HANG_S, spawnCli } from './spawnCli.js';

const missingDir = join(tmpdir(), `flcalc-missing-${process.pid}`, 'sub');

interface Case {
  args: string[];
  code: number | number[];
  /** Must match stderr + stdout. */
  matches?: RegExp;
  /** Must not match stderr + stdout. */
  excludes?: RegExp;
  /** Checks on the parsed JSON (only with --json). */
  json?: (j: Record<string, unknown>) => void;
}

const close = (x: unknown, y: number, tol: number) => expect(Math.abs((x as number) - y)).toBeLessThanOrEqual(tol);

const cases: Record<string, Case> = {
  'sup T only at infinity: degenerate edge at δ = 0.5': {
    args: ['spectral', '--target', 'z^2', '--weight', 'y/(1+y)-0.3', '--delta', '0.5', '--json'],
    code: 0,
    json: (j) => {
      close(j['bulk_edge'], 0.7 * (1 / 0.5 + 0.4), 1e-9);
      close(j['delta_star'], 5 / 7, 1e-9);
    },
  },
  'sup T only at infinity: no outlier at δ = 0.69 < 5/7': {
    args: ['spectral', '--target', 'z^2', '--weight', 'y/(1+y)-0.3', '--delta', '0.69', '--json'],
    code: 0,
    json: (j) => expect(j['outlier']).toBeNull(),
  },
  'alg exp(exp(z)): monotone, δ_alg = 0': { args: ['alg', '--target', 'exp(exp(z))', '--json'], code: 0, json: (j) => expect(j['delta_alg']).toBe(0) },
  'alg exp(z^3): monotone, δ_alg = 0': { args: ['alg', '--target', 'exp(z^3)', '--json'], code: 0, json: (j) => expect(j['delta_alg']).toBe(0) },
  'alg (exp(exp(z)))^4: monotone, δ_alg = 0': { args: ['alg', '--target', '(exp(exp(z)))^4', '--json'], code: 0, json: (j) => expect(j['delta_alg']).toBe(0) },
  'alg log(-z^2): NaN everywhere is bad input': { args: ['alg', '--target', 'log(-z^2)'], code: 2, matches: /--target/ },
  'alg z^100 --json: δ_alg = 1/2, no internal error': { args: ['alg', '--target', 'z^100', '--json'], code: 0, json: (j) => close(j['delta_alg'], 0.5, 1e-6) },
  'hermite 1/x: divergent integrals are bad input': { args: ['hermite', '--fn', '1/x'], code: 2, matches: /diverges/ },
  'simulate hessian exp(x^2): Lanczos residual ≫ eigenvalues is not converged': {
    args: ['simulate', 'hessian', '--act', 'exp(x^2)', '-d', '100', '--seeds', '1', '--json'],
    code: 3,
  },
  'simulate hessian NaN target --json': { args: ['simulate', 'hessian', '--target', 'log(-z^2)', '-d', '40', '--seeds', '1', '--json'], code: 2, matches: /--target/ },
  'onestep --c 1e308': { args: ['onestep', '--json', '--act', 'relu', '--target', 'z+z^2/2', '--alpha', '0.3', '--ratios', '1,1', '--c', '1e308'], code: 2, matches: /--c/ },
  'simulate onestep --c 1e308': {
    args: ['simulate', 'onestep', '--act', 'relu', '--target', 'z+z^2/2', '--alpha', '0.3', '--ratios', '1,1', '--n', '60', '--seeds', '1', '--c', '1e308'],
    code: 2,
    matches: /--c/,
  },
  'simulate gd --lr 1e6: divergence is non-convergence': {
    args: ['simulate', 'gd', '--lr', '1e6', '-d', '30', '--steps', '20', '--seeds', '1', '--delta', '4', '--json'],
    code: 3,
    matches: /diverged/,
  },
  'alg max(z,z): degenerate kink, no hang': { args: ['alg', '--target', 'max(z,z)', '--json'], code: 0, json: (j) => expect(j['delta_alg']).toBe(0) },
  'alg min(z^2,z^2): degenerate kink, no hang': { args: ['alg', '--target', 'min(z^2,z^2)', '--json'], code: 0, json: (j) => close(j['delta_alg'], 0.5, 1e-9) },
  'alg abs(z-z)+z^2: degenerate kink, no hang': { args: ['alg', '--target', 'abs(z-z)+z^2', '--json'], code: 0, json: (j) => close(j['delta_alg'], 0.5, 1e-9) },
  'hermite max(x,x): no break points': { args: ['hermite', '--fn', 'max(x,x)', '--json'], code: 0, json: (j) => expect(j['breaks']).toEqual([]) },
  'alg --noise 1e308: capped': { args: ['alg', '--target', 'z^2', '--noise', '1e308'], code: 2, matches: /--noise: must be ≤ 1000/ },
  'local --steps 1e12: capped': { args: ['local', '--steps', '1e12'], code: 2, matches: /--steps: must be ≤ 1000000/ },
  'nn --state population --steps 1e9: capped': { args: ['nn', '--state', 'population', '--steps', '1000000000'], code: 2, matches: /--steps: must be ≤ 100000/ },
  'simulate spectral --seeds 1e6: capped': { args: ['simulate', 'spectral', '--seeds', '1e6'], code: 2, matches: /--seeds: must be ≤ 1000/ },
  'validate --quick --record is refused': { args: ['validate', '--suite', 'spectral', '--quick', '--record'], code: 2, matches: /--record: cannot record a --quick/ },
  'validate --record does not overwrite without --force': { args: ['validate', '--suite', 'spectral', '--record'], code: 2, matches: /--force/ },
  'spectral --plot into a missing directory: before computing': { args: ['spectral', '--plot', join(missingDir, 'x.svg')], code: 2, matches: /--plot: directory/ },
  'simulate spectral --plot into a missing directory': { args: ['simulate', 'spectral', '-d', '40', '--seeds', '1', '--plot', join(missingDir, 'x.png')], code: 2, matches: /--plot/ },
  'table --out into a missing path: before computing': {
    args: ['table', '--config', 'formulas/tables/reference.toml', '--out', join(missingDir, 'a', 'b')],
    code: 2,
    matches: /--out: directory/,
  },
  'spectral --noise 100: not blamed on --weight': { args: ['spectral', '--noise', '100'], code: [0, 3], excludes: /unbounded/ },
  'simulate spectral --delta 1e6: blamed on --delta': { args: ['simulate', 'spectral', '--delta', '1e6'], code: 2, matches: /--delta/ },
  'onestep --ratios "-1,1": a negative value, not a flag': {
    args: ['onestep', '--act', 'relu', '--target', 'z+z^2/2', '--alpha', '0.3', '--c', '1', '--ratios', '-1,1'],
    code: 2,
    matches: /--ratios/,
  },
  'nn --lr with the fixed state is refused': { args: ['nn', '--lr', '0.1'], code: 2, matches: /--lr: (does not apply|applies to --state)/ },
  'logistic loss with labels outside ±1': { args: ['nn', '--loss', 'logistic', '--target', 'z^2'], code: 2, matches: /--target/ },
  'constant target z - z': { args: ['spectral', '--target', 'z - z'], code: 2, matches: /does not depend on z/ },
  'constant target (z)^0': { args: ['alg', '--target', '(z)^0'], code: 2, matches: /does not depend on z/ },
};

describe('CLI regressions (child process, wall cap per call)', () => {
  for (const [name, c] of Object.entries(cases))
    it(name, { timeout: (HANG_S + 30) * 1000 }, async () => {
      const r = await spawnCli(c.args);
      const json = c.args.includes('--json');
      expect(contractProblems(r, json)).toEqual([]);
      expect([c.code].flat()).toContain(r.code);
      const all = r.stderr + r.stdout;
      if (c.matches) expect(all).toMatch(c.matches);
      if (c.excludes) expect(all).not.toMatch(c.excludes);
      if (c.json) c.json(JSON.parse(r.stdout) as Record<string, unknown>);
    });
});
