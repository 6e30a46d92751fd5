// STUB — to be replaced by the module's owner. See docs/ARCHITECTURE.md.
import type { CommandSpec } from '../command.js';
import { UsageError } from '../../errors.js';

export const simulateOnestep: CommandSpec = {
  command: 'onestep',
  describe: 'Simulate one large gradient step (not implemented yet)',
  builder: (y) => y,
  run: () => {
    throw new UsageError('onestep', 'is not implemented yet', 'flcalc spectral');
  },
};
