// STUB — to be replaced by the module's owner. See docs/ARCHITECTURE.md.
import type { CommandSpec } from '../command.js';
import { UsageError } from '../../errors.js';

export const localCommand: CommandSpec = {
  command: 'local',
  describe: 'Local convergence with weight decay (THEORY §6) (not implemented yet)',
  builder: (y) => y,
  run: () => {
    throw new UsageError('local', 'is not implemented yet', 'flcalc spectral');
  },
};
