// Bundles the CLI into dist/bundle/ (run by `npm run build` and `npm install` after tsc): one ES module for the
// command table and start-up, one chunk per command loaded on demand, and the two worker-thread scripts next to
// them (gd-worker.js, table-worker.js), so that start-up reads a handful of files instead of hundreds.
import { build } from 'esbuild';

await build({
  entryPoints: {
    flcalc: 'src/present/cli/main.ts',
    'gd-worker': 'src/simulate/gd/worker.ts',
    'table-worker': 'src/present/table/worker.ts',
  },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS dependencies call require() for Node built-ins; give the ES module bundle a require.
  banner: { js: "import { createRequire as __flcalcCreateRequire } from 'node:module'; const require = __flcalcCreateRequire(import.meta.url);" },
  external: ['@resvg/resvg-js'],
  legalComments: 'none',
  logLevel: 'warning',
});
