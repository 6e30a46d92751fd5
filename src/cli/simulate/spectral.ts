// STUB — to be replaced by the module's owner. See docs/ARCHITECTURE.md.
import type { CommandSpec } from '../command.js';
import { UsageError } from '../../errors.js';

export const simulateSpectral: CommandSpec = {
  command: 'spectral',
  describe: 'Simulate the weighted sample covariance spectrum (not implemented yet)',
  builder: (y) => y,
  run: () => {
    throw new UsageError('spectral', 'is not implemented yet', 'flcalc spectral');
  },
};
