// STUB — to be replaced by the module's owner. See docs/ARCHITECTURE.md.
import type { CommandSpec } from '../command.js';
import { UsageError } from '../../errors.js';

export const simulateGd: CommandSpec = {
  command: 'gd',
  describe: 'Simulate full-batch gradient descent (not implemented yet)',
  builder: (y) => y,
  run: () => {
    throw new UsageError('gd', 'is not implemented yet', 'flcalc spectral');
  },
};
