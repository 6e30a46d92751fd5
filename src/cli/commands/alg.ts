// STUB — to be replaced by the module's owner. See docs/ARCHITECTURE.md.
import type { CommandSpec } from '../command.js';
import { UsageError } from '../../errors.js';

export const algCommand: CommandSpec = {
  command: 'alg',
  describe: 'Algorithmic weak-recovery threshold δ_alg (THEORY §3) (not implemented yet)',
  builder: (y) => y,
  run: () => {
    throw new UsageError('alg', 'is not implemented yet', 'flcalc spectral');
  },
};
