// STUB — to be replaced by the module's owner. See docs/ARCHITECTURE.md.
import type { CommandSpec } from '../command.js';
import { UsageError } from '../../errors.js';

export const spectralCommand: CommandSpec = {
  command: 'spectral',
  describe: 'Bulk edge, outlier, overlap² and threshold δ* of a weighted sample covariance (THEORY §1) (not implemented yet)',
  builder: (y) => y,
  run: () => {
    throw new UsageError('spectral', 'is not implemented yet', 'flcalc spectral');
  },
};
