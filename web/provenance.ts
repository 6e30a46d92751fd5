// Browser stand-in for src/provenance.ts (swapped in by vite.config.ts): the version and commit are fixed at
// build time, since a page can read neither package.json nor git.
export interface Provenance {
  tool: 'flcalc';
  version: string;
  git_commit: string | null;
  node: string;
  date: string;
}

declare const __FLCALC_VERSION__: string;
declare const __FLCALC_COMMIT__: string | null;

export const PACKAGE_ROOT = '.';

export function toolVersion(): string {
  return __FLCALC_VERSION__;
}

export function provenance(): Provenance {
  return { tool: 'flcalc', version: __FLCALC_VERSION__, git_commit: __FLCALC_COMMIT__, node: `browser (${navigator.userAgent})`, date: new Date().toISOString() };
}
