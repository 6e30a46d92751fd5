// Finding a Chromium for the browser tests: $CHROMIUM_PATH, else the first of chromium, chromium-browser,
// google-chrome on the PATH. Outside CI a missing browser skips the tests (with a message); in CI it is a failure.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function findChromium(): string | null {
  const env = process.env['CHROMIUM_PATH'];
  if (env && existsSync(env)) return env;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const p = execFileSync('sh', ['-c', `command -v ${name}`], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
      if (p) return p;
    } catch {
      // not on the PATH
    }
  }
  return null;
}

export const inCi = process.env['CI'] === 'true' || process.env['CI'] === '1';
