// STUB — to be replaced by the module's owner. See docs/ARCHITECTURE.md.
import type { CommandSpec } from '../command.js';
import { UsageError } from '../../errors.js';

export const thresholdCommand: CommandSpec = {
  command: 'threshold <kind>',
  describe: 'Empirical learning threshold from simulated GD (not implemented yet)',
  builder: (y) => y,
  run: () => {
    throw new UsageError('threshold <kind>', 'is not implemented yet', 'flcalc spectral');
  },
};
