// STUB — to be replaced by the module's owner. See docs/ARCHITECTURE.md.
import type { CommandSpec } from '../command.js';
import { UsageError } from '../../errors.js';

export const tableCommand: CommandSpec = {
  command: 'table',
  describe: 'Prediction tables over sweeps (not implemented yet)',
  builder: (y) => y,
  run: () => {
    throw new UsageError('table', 'is not implemented yet', 'flcalc spectral');
  },
};
