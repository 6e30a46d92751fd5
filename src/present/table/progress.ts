// Progress of a long sweep on stderr: a redrawn bar when stderr is a TTY, otherwise an occasional plain line
// (every 10% of the rows, and at most one per 5 s otherwise), so logs stay readable. With `quietMs`, nothing is
// shown for runs that finish within that time (the simulators use 2 s).
export interface ProgressSink {
  isTTY: boolean;
  write(s: string): void;
}

export function progressReporter(
  label: string,
  sink: ProgressSink,
  now: () => number = Date.now,
  opts: { unit?: string; quietMs?: number } = {},
): (done: number, total: number) => void {
  const t0 = now();
  let lastLine = t0;
  let lastDecile = 0;
  let shown = false;
  const unit = opts.unit ?? 'rows';
  return (done, total) => {
    const t = now();
    if (t - t0 < (opts.quietMs ?? 0) && (done < total || !shown)) return;
    shown = true;
    const elapsed = (t - t0) / 1000;
    const eta = done > 0 ? (elapsed * (total - done)) / done : 0;
    const tail = `${done}/${total} ${unit}, ${elapsed.toFixed(1)} s${done < total ? (done > 0 ? `, ~${eta.toFixed(0)} s left` : '') : ''}`;
    if (sink.isTTY) {
      const width = 30;
      const filled = Math.round((width * done) / Math.max(1, total));
      sink.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${tail}${done === total ? '\n' : ''}`);
      return;
    }
    const decile = Math.floor((10 * done) / Math.max(1, total));
    if (done === total || decile > lastDecile || t - lastLine >= 5000) {
      sink.write(`${label}: ${tail}\n`);
      lastDecile = decile;
      lastLine = t;
    }
  };
}

/** The progress line of a long CLI run on this process's stderr, shown only once it has run for 2 s. */
export function stderrProgressLine(label: string, unit: string): (done: number, total: number) => void {
  return progressReporter(label, { isTTY: Boolean(process.stderr.isTTY), write: (s) => process.stderr.write(s) }, Date.now, { unit, quietMs: 2000 });
}
