// Builds the explorer page (web/) into dist-web/: a static site with relative paths, served by `flcalc explore`.
// The library is bundled as is, except src/provenance.ts (Node: package.json, git), replaced by web/provenance.ts.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const version = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }).version;
let commit: string | null = null;
try {
  commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
} catch {
  commit = null;
}

const browserProvenance: Plugin = {
  name: 'browser-provenance',
  enforce: 'pre',
  resolveId(source, importer) {
    if (importer && !importer.includes('/web/') && /(^|\/)provenance\.js$/.test(source)) return `${root}web/provenance.ts`;
    return null;
  },
};

export default defineConfig({
  root: 'web',
  base: './',
  plugins: [browserProvenance],
  define: { __FLCALC_VERSION__: JSON.stringify(version), __FLCALC_COMMIT__: JSON.stringify(commit) },
  worker: { format: 'es', plugins: () => [browserProvenance] },
  build: { outDir: '../dist-web', emptyOutDir: true, chunkSizeWarningLimit: 4000, target: 'es2022' },
});
