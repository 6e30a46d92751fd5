// `flcalc nn --state population|dmft` (CLI contract): the population model's δNN(t) curve through the CLI;
// the dmft state's contract is tested in test/theory/dmft/dmft.test.ts (here only its argument validation).
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/present/cli/main.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
}

describe('nn --state', () => {
  it('population: δNN(t) starts at the fixed-state δ* of W(0) and is reported per step', async () => {
    const c = capture();
    const code = await main(['nn', '--state', 'population', '--steps', '12', '--json'], c.io);
    expect(code).toBe(0);
    const r = JSON.parse(c.out.join('\n')) as { delta_nn: number; delta_nn_t: number[]; t: number[]; status: string };
    expect(r.status).toBe('converged');
    expect(r.t[0]).toBe(0);
    expect(r.t[r.t.length - 1]).toBe(12);
    expect(r.delta_nn_t).toHaveLength(r.t.length);
    // At t = 0 the state is the docs/theory.md §4 reference (‖w‖ = 1, w ⊥ θ): δ* = 5.224 (reference value, 1%).
    expect(Math.abs(r.delta_nn_t[0]! - 5.224) / 5.224).toBeLessThan(0.01);
    expect(r.delta_nn).toBe(r.delta_nn_t[r.delta_nn_t.length - 1]);
  });

  it('dmft: a bad --replicas is refused with a one-line usage error naming it, exit 2', async () => {
    const c = capture();
    expect(await main(['nn', '--state', 'dmft', '--replicas', '0'], c.io)).toBe(2);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(/--replicas/);
  });
});
