// `flcalc simulate <what>`: finite-d simulators, one file per simulator under src/present/cli/simulate/.
import type { CommandSpec } from '../command.js';
import { simulateSpectral } from '../simulate/spectral.js';
import { simulateHessian } from '../simulate/hessian.js';
import { simulateGd } from '../simulate/gd.js';
import { simulateOnestep } from '../simulate/onestep.js';

export const simulateCommand: CommandSpec = {
  command: 'simulate',
  describe: 'Finite-d simulation that measures what a prediction predicts (seeded, with standard errors)',
  builder: (y) => y,
  run: () => {
    throw new Error('unreachable: simulate has subcommands');
  },
  subcommands: [simulateSpectral, simulateHessian, simulateGd, simulateOnestep],
};
