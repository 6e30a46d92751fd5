// STUB — to be replaced by the module's owner. See docs/ARCHITECTURE.md.
import type { CommandSpec } from '../command.js';
import { UsageError } from '../../errors.js';

export const simulateHessian: CommandSpec = {
  command: 'hessian',
  describe: 'Simulate the empirical-risk Hessian spectrum (not implemented yet)',
  builder: (y) => y,
  run: () => {
    throw new UsageError('hessian', 'is not implemented yet', 'flcalc spectral');
  },
};
