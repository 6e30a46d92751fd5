// Provenance recorded with every simulation and table: tool version, git commit (when available), time.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export interface Provenance {
  tool: 'flcalc';
  version: string;
  git_commit: string | null;
  node: string;
  date: string;
}

function packageRoot(): string {
  // src/core/provenance.ts and dist/src/core/provenance.js both sit below the package root.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    try {
      readFileSync(join(dir, 'package.json'));
      return dir;
    } catch {
      dir = dirname(dir);
    }
  }
  return process.cwd();
}

export const PACKAGE_ROOT = packageRoot();

export function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

export function provenance(): Provenance {
  return { tool: 'flcalc', version: toolVersion(), git_commit: gitCommit(), node: process.version, date: new Date().toISOString() };
}
