// `flcalc nn --state stationary` contract and argument validation (exit 2 before any computation).
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers.js';

describe('nn --state stationary', () => {
  it('--json: delta_nn, status, stationary{…} at --delta, escape time with -d', async () => {
    const r = await runCli(['nn', '--state', 'stationary', '--delta', '20', '-d', '1000', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.status).toBe('converged');
    expect(typeof j.delta_nn).toBe('number');
    expect(j.delta_nn).toBeGreaterThan(1);
    for (const k of ['w_norm', 'train_risk', 'kappa', 'stability_index', 'schur_at_zero', 'bulk_edge', 'overlap2', 'escape_time'])
      expect(j.stationary).toHaveProperty(k);
    expect(j.stationary.schur_at_zero).toBeLessThan(0); // δ = 20 > δNN
    expect(j.stationary.escape_time).toBeGreaterThan(0);
    // The outlier separates at the bulk edge, which is > 0 at a minimum, so it crosses 0 only at a larger δ.
    expect(j.delta_zero_iid.status).toBe('converged');
    expect(j.delta_zero_iid.value).toBeGreaterThan(j.delta_separation_iid.value);
    // Marginal closure (6.17)–(6.19): at δ = 20 the stability index exceeds 1, so κ_m < κ and Λ_m > Λ; its δNN is larger.
    expect(j.stationary.stability_index).toBeGreaterThan(1);
    expect(j.stationary.marginal_kappa).toBeLessThan(j.stationary.kappa);
    expect(j.stationary.marginal_schur_at_zero).toBeGreaterThan(j.stationary.schur_at_zero);
    expect(j.delta_nn_marginal.status).toBe('converged');
    expect(j.delta_nn_marginal.value).toBeGreaterThan(j.delta_nn);
  }, 120000);
  it.each([
    [['--width', '3'], '--width'],
    [['--width', '2', '--readout', '1'], '--readout'],
    [['--width', '2', '--readout', '0.5,0'], '--readout'],
    [['--width', '2', '-d', '100', '--delta', '20'], '-d'],
    [['--width', '2', '--order', '6'], '--order'],
    [['--width', '2', '--act', 'relu'], '--act'],
    [['--act', 'relu'], '--act'],
    [['--target', 'z'], '--target'],
    [['-d', '1000'], '-d'],
    [['--order', '100'], '--order'],
    [['--delta', '0.5'], '--delta'],
    [['--ridge', '-1'], '--ridge'],
    [['--lr', '0'], '--lr'],
  ])('%j is refused with exit 2 naming %s', async (args, name) => {
    const r = await runCli(['nn', '--state', 'stationary', ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(name);
  });
  it('beside the fixed state with m = 2: δNN of GD is null with the reason and the command that answers it', async () => {
    const r = await runCli(['nn', '--width', '2', '--act', 'relu', '--target', 'z^2', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.delta_nn_gd_marginal).toBeNull();
    expect(j.delta_nn_gd_stationary).toBeNull();
    expect(j.delta_nn_gd_marginal_reason).toContain('threshold dmft --width m');
  });

  it('-d with the fixed state is refused', async () => {
    const r = await runCli(['nn', '-d', '100']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('-d');
  });
});
