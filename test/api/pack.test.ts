// The published package: `npm pack`, install the tarball into an empty project, import it as ESM and compute the
// §1 reference case (docs/theory.md (1.4)–(1.6)): T = min(z², 3) − 1, y = z², δ = 2 — edge 1.9266, outlier 2.1349.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('npm package', () => {
  it('packs, installs from the tarball and computes the reference spectrum through the public API', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flcalc-pack-'));
    // dist/ is built by `npm test` (tsc) before vitest runs; --ignore-scripts skips a second build.
    npm(['pack', '--ignore-scripts', '--pack-destination', dir], root);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const app = join(dir, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }));
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, tarball)], app);
    writeFileSync(
      join(app, 'main.mjs'),
      `import { spectral, library } from 'flcalc';
       const r = await spectral({ target: 'z^2', weight: 'min(y,3)-1', delta: 2 });
       const law = library.buildSpectralLaw(library.resolveTarget('z^2'), library.resolveWeight('min(y,3)-1'));
       const s = library.spectrum(law, 2, 'upper');
       console.log(JSON.stringify({ edge: r.json.bulk_edge, outlier: r.json.outlier, converged: r.converged, edge2: s.bulk_edge }));`,
    );
    const out = JSON.parse(execFileSync('node', ['main.mjs'], { cwd: app, encoding: 'utf8' })) as Record<string, number | boolean>;
    expect(out['converged']).toBe(true);
    // Reference values are given to 4 decimals (kink-exact quadrature, docs/validation.md).
    expect(Math.abs((out['edge'] as number) - 1.9266)).toBeLessThan(6e-5);
    expect(Math.abs((out['outlier'] as number) - 2.1349)).toBeLessThan(6e-5);
    // The library function and the command agree (the command builds the same law).
    expect(Math.abs((out['edge2'] as number) - (out['edge'] as number))).toBeLessThan(1e-9);
  }, 120_000);
});
