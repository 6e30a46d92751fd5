// The list of CLI commands. One file per command under src/present/cli/commands/.
import type { CommandSpec } from './command.js';
import { hermiteCommand } from './commands/hermite.js';
import { algCommand } from './commands/alg.js';
import { spectralCommand } from './commands/spectral.js';
import { nnCommand } from './commands/nn.js';
import { onestepCommand } from './commands/onestep.js';
import { localCommand } from './commands/local.js';
import { tableCommand } from './commands/table.js';
import { thresholdCommand } from './commands/threshold.js';
import { simulateCommand } from './commands/simulate.js';
import { validateCommand } from './commands/validate.js';

export const commands: CommandSpec[] = [
  hermiteCommand,
  algCommand,
  spectralCommand,
  nnCommand,
  onestepCommand,
  localCommand,
  tableCommand,
  thresholdCommand,
  simulateCommand,
  validateCommand,
];

/** What `npx flcalc` runs with no arguments: the THEORY §4 reference network (δNN with built-in defaults). */
export const defaultCommand = 'nn';
