// STUB — to be replaced by the module's owner. See docs/ARCHITECTURE.md.
import type { CommandSpec } from '../command.js';
import { UsageError } from '../../errors.js';

export const hermiteCommand: CommandSpec = {
  command: 'hermite',
  describe: 'Hermite coefficients c_k = E[f(G)He_k(G)] of an expression (not implemented yet)',
  builder: (y) => y,
  run: () => {
    throw new UsageError('hermite', 'is not implemented yet', 'flcalc spectral');
  },
};
