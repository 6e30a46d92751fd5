import { describe, expect, test } from 'vitest';
import { main } from '../../../src/present/cli/main.js';

// The JSON contract of `onestep -n N`: the finite-n errors (docs/theory.md (8.8)–(8.9) with the row correlations
// (8.15)–(8.19)), the n → ∞ limit (8.11), the spike-only model and the isotropic-row model, each with F1's train and
// test errors, beside the top-level status.
describe('onestep -n N --json', () => {
  test('reports errors, errors_limit, errors_spike_only and errors_isotropic_rows with finite errors', async () => {
    const out: string[] = [];
    const code = await main(['onestep', '--act', 'sin(x)+cos(x)', '--target', 'z + z^2/2', '--alpha', '0.3', '-c', '1', '--ratios', '1,1', '-n', '500', '--json'], {
      out: (x) => out.push(x),
      err: () => {},
    });
    const j = JSON.parse(out.join(''));
    expect(code).toBe(j.status === 'converged' ? 0 : 3);
    for (const key of ['errors', 'errors_limit', 'errors_spike_only', 'errors_isotropic_rows']) {
      expect(Number.isFinite(j[key].F1.train_error), key).toBe(true);
      expect(Number.isFinite(j[key].F1.test_error), key).toBe(true);
      expect(typeof j[key].model).toBe('string');
    }
    // Ridge on the training batch: the train error is below the test error in every model.
    expect(j.errors.F1.train_error).toBeLessThan(j.errors.F1.test_error);
    expect(j.n).toBe(500);
  }, 60_000);
});
