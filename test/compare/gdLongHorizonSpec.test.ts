// Run specifications and configurations of the long-horizon GD recorder (scripts/experiments/gdLongHorizon.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG_CONFIGS, REFERENCE, fileName, parseLongSpec } from '../../scripts/experiments/gdLongHorizon.js';
import { CONFIGS } from '../../scripts/experiments/gdStationaryConfigs.js';

describe('gdLongHorizon configurations', () => {
  it('gelu is the reference; the others take act/loss/target/lr/ridge of the stationary-run configurations', () => {
    expect(LONG_CONFIGS.gelu).toBe(REFERENCE);
    for (const [name, c] of Object.entries(CONFIGS)) {
      const l = LONG_CONFIGS[name]!;
      expect([l.act, l.loss, l.target, l.lr, l.ridge, l.noise, l.initScale]).toEqual([c.act, c.loss, c.target, c.lr, c.ridge, c.noise, c.initScale]);
      expect(l.readout).toEqual([c.readout]);
      expect(l.stopWhenLearned).toBe(true);
    }
  });

  it('gelu2 is the reference with two neurons, a = (½, ½), η = 1', () => {
    const { readout, lr, ...rest } = LONG_CONFIGS.gelu2!;
    const { readout: _r, lr: _l, ...ref } = REFERENCE;
    expect(rest).toEqual(ref);
    expect(readout).toEqual([0.5, 0.5]);
    expect(lr).toBe(1);
    expect(parseLongSpec('gelu2:2000:8:3')).toEqual({ config: 'gelu2', d: 2000, delta: 8, seed: 3 });
  });

  it('parses [config:]d:delta:seed and rejects anything else', () => {
    expect(parseLongSpec('quadratic:1000:8:1')).toEqual({ config: 'quadratic', d: 1000, delta: 8, seed: 1 });
    expect(parseLongSpec('1000:14:2')).toEqual({ config: 'gelu', d: 1000, delta: 14, seed: 2 });
    for (const bad of ['cubic:1000:8:1', 'quadratic:5:8:1', 'quadratic:1000:0.5:1', 'quadratic:1000:8:-1', '1000:14', 'a:b:c:d:e', 'toString:1000:8:1'])
      expect(parseLongSpec(bad)).toBeNull();
  });

  it('keeps the file names of the recorded gelu runs', () => {
    const name = fileName({ config: 'gelu', d: 1000, delta: 14, seed: 1 }, 6000);
    expect(name).toBe('gelu_d1000_delta14_T6000_seed1.json');
    expect(existsSync(join(import.meta.dirname, '../../validation/experiments/gd_long_horizon/data', name))).toBe(true);
  });
});
