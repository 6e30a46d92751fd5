// `flcalc explore [--port P]`: serves the prebuilt explorer page (dist-web/, built by `npm run build`) on
// 127.0.0.1 and prints its URL; runs until interrupted.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandSpec } from '../command.js';
import { parseNumber } from '../args.js';
import { UsageError } from '../../../core/errors.js';
import { PACKAGE_ROOT } from '../../../core/provenance.js';
import { serveStatic } from '../../explore/staticServer.js';

/** Where `npm run build` writes the page. */
export const PAGE_DIR = join(PACKAGE_ROOT, 'dist-web');

/** The page's index.html in `dir`, or a UsageError saying how to build it. */
export function pageIndex(dir = PAGE_DIR): string {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) throw new UsageError('explore', `the page is not built (no ${index}); run npm run build in the package directory`, 'npm run build && npx flcalc explore');
  return index;
}

export const exploreCommand: CommandSpec = {
  command: 'explore',
  describe: 'serve the interactive explorer page (built by npm run build) on 127.0.0.1 and print its URL',
  builder: (y) => y.option('port', { type: 'string', default: '8765', describe: 'TCP port on 127.0.0.1 (1024..65535, or 0 for any free port)' }),
  run: async (argv) => {
    const port = parseNumber(argv, 'port', { example: '8765', default: 8765, integer: true, min: 0, max: 65535 });
    if (port !== 0 && port < 1024) throw new UsageError('--port', `must be 0 or in 1024..65535 (no privileged ports), got ${port}`, '8765');
    pageIndex();
    let served;
    try {
      served = await serveStatic(PAGE_DIR, port);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UsageError('--port', `port ${port} is already in use`, '0 (any free port)');
      throw e;
    }
    process.stdout.write(`flcalc explorer: ${served.url}  (serving ${PAGE_DIR} on 127.0.0.1 only; Ctrl-C to stop)\n`);
    await new Promise<void>((done) => served.server.once('close', () => done()));
    return { json: { url: served.url }, text: 'explorer stopped' };
  },
};
