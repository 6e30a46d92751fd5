// Runs the built CLI (bin/flcalc.js → dist/, built by `npm test`'s tsc step) in a child process with a wall-time cap,
// so that a hang is caught as such instead of blocking the suite. The cap is generous (HANG_S): a case only fails
// on time when it really hangs, never because the machine is loaded.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/flcalc.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Wall-time cap per CLI call, in seconds. */
export const HANG_S = 90;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the call was killed at the cap. */
  hung: boolean;
}

export function spawnCli(args: readonly string[], capSeconds = HANG_S): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, timeout: capSeconds * 1000, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, FLCALC_DEBUG: '' } },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean; signal?: string }) | null;
        const hung = Boolean(e && e.killed && e.signal === 'SIGKILL');
        const code = e === null ? 0 : typeof e.code === 'number' ? e.code : null;
        resolve({ code, stdout: String(stdout), stderr: String(stderr), hung });
      },
    );
  });
}

/** Problems with one run under the exit-code contract (docs/exit-codes.md): exit ∈ {0, 2, 3}; stderr without a
 *  stack trace and at most one line; no NaN/Infinity printed; with --json, stdout is valid JSON (when present). */
export function contractProblems(r: CliRun, json: boolean): string[] {
  const out: string[] = [];
  if (r.hung) return [`killed after ${HANG_S} s (hang)`];
  if (r.code === null || ![0, 2, 3].includes(r.code)) out.push(`exit ${r.code}: ${r.stderr.slice(0, 200)}`);
  if (/\n\s+at .+\(.+:\d+:\d+\)/.test(r.stderr) || /^\s+at /m.test(r.stderr)) out.push(`stack trace: ${r.stderr.slice(0, 200)}`);
  const errLines = r.stderr.split('\n').filter((l) => l.trim() !== '' && !/^seed \d+: step/.test(l) && !/^spectral |^\s*\[/.test(l));
  if (errLines.length > 1) out.push(`multi-line stderr: ${errLines.slice(0, 3).join(' | ').slice(0, 200)}`);
  if (r.code === 2 && errLines.length === 0) out.push('exit 2 without a message');
  if (/\bNaN\b|\bInfinity\b/.test(r.stdout)) out.push(`NaN/Infinity printed: ${r.stdout.match(/.{0,60}(NaN|Infinity).{0,20}/)?.[0]}`);
  if (json && r.stdout.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.stdout);
    } catch {
      out.push(`stdout is not valid JSON: ${r.stdout.slice(0, 120)}`);
    }
    // A result labelled converged exits 0, and exit 0 is never labelled not_converged (top-level status).
    const status = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)['status'] : undefined;
    if (status === 'converged' && r.code !== 0) out.push(`status converged but exit ${r.code}`);
    if (status === 'not_converged' && r.code === 0) out.push('status not_converged but exit 0');
  }
  return out;
}
