// Progress of a long sweep on stderr: a redrawn bar when stderr is a TTY, otherwise an occasional plain line
// (every 10% of the rows, and at most one per 5 s otherwise), so logs stay readable.
export interface ProgressSink {
  isTTY: boolean;
  write(s: string): void;
}

export function progressReporter(label: string, sink: ProgressSink, now: () => number = Date.now): (done: number, total: number) => void {
  const t0 = now();
  let lastLine = t0;
  let lastDecile = 0;
  return (done, total) => {
    const t = now();
    const elapsed = (t - t0) / 1000;
    const eta = done > 0 ? (elapsed * (total - done)) / done : 0;
    const tail = `${done}/${total} rows, ${elapsed.toFixed(1)} s${done < total ? `, ~${eta.toFixed(0)} s left` : ''}`;
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
