// STUB — to be replaced by the module's owner. See docs/ARCHITECTURE.md.
import type { CommandSpec } from '../command.js';
import { UsageError } from '../../errors.js';

export const onestepCommand: CommandSpec = {
  command: 'onestep',
  describe: 'One large gradient step: spikes and polynomial features (THEORY §5) (not implemented yet)',
  builder: (y) => y,
  run: () => {
    throw new UsageError('onestep', 'is not implemented yet', 'flcalc spectral');
  },
};
