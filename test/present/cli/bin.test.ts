// The installed entry point bin/flcalc.js reaches the compiled CLI (dist/ is built by `npm test` before vitest).
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = resolve(import.meta.dirname, '../../../bin/flcalc.js');

describe('bin/flcalc.js', () => {
  it('prints the version and the default job through the compiled CLI', () => {
    const version = execFileSync('node', [bin, '--version'], { encoding: 'utf8' }).trim();
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    const out = JSON.parse(execFileSync('node', [bin, '--json'], { encoding: 'utf8' })) as { delta_nn: number; status: string };
    expect(out.status).toBe('converged');
    expect(out.delta_nn).toBeGreaterThan(0);
  }, 60_000);
});
