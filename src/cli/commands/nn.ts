// STUB — to be replaced by the module's owner. See docs/ARCHITECTURE.md.
import type { CommandSpec } from '../command.js';
import { UsageError } from '../../errors.js';

export const nnCommand: CommandSpec = {
  command: 'nn',
  describe: 'Hessian thresholds δ*_j and δNN of a two-layer network (THEORY §2, §4) (not implemented yet)',
  builder: (y) => y,
  run: () => {
    throw new UsageError('nn', 'is not implemented yet', 'flcalc spectral');
  },
};
