// The list of CLI commands: a static table of names and descriptions, and for each a loader that imports the
// command's module only when that command runs (so `--help` and `--version` import no command module).
// One file per command under src/present/cli/commands/ (simulators under src/present/cli/simulate/).
import type { CommandSpec } from './command.js';

export interface CommandEntry {
  /** yargs command string, e.g. "spectral" or "threshold <kind>". */
  command: string;
  describe: string;
  /** Imports the command's module; absent for a command with subcommands. */
  load?: () => Promise<CommandSpec>;
  subcommands?: CommandEntry[];
}

/** The first word of a command string: what the user types. */
export const commandName = (c: { command: string }): string => c.command.split(' ')[0]!;

export const commands: CommandEntry[] = [
  {
    command: 'hermite',
    describe: 'Hermite coefficients c_k = E[f(G)He_k(G)] and μ_k = c_k/√k! of an activation or expression in x',
    load: async () => (await import('./commands/hermite.js')).hermiteCommand,
  },
  {
    command: 'alg',
    describe: 'Algorithmic weak-recovery threshold δ_alg (docs/theory.md §3)',
    load: async () => (await import('./commands/alg.js')).algCommand,
  },
  {
    command: 'spectral',
    describe: 'Bulk edge, outlier, overlap² and threshold δ* of a weighted sample covariance (docs/theory.md §1); default: the §1 reference case',
    load: async () => (await import('./commands/spectral.js')).spectralCommand,
  },
  {
    command: 'nn',
    describe: 'Hessian thresholds δ*_j, δNN of a two-layer network at a fixed state (docs/theory.md §2, §4); default: the §4 reference case',
    load: async () => (await import('./commands/nn.js')).nnCommand,
  },
  {
    command: 'onestep',
    describe: 'One large gradient step: number of spikes ℓ(α), their polynomial features and sizes, ⟨β,β*⟩², ridge errors (docs/theory.md §7)',
    load: async () => (await import('./commands/onestep.js')).onestepCommand,
  },
  {
    command: 'local',
    describe: 'Local convergence with weight decay (docs/theory.md §9): population GD, λ-bias, certificate',
    load: async () => (await import('./commands/local.js')).localCommand,
  },
  {
    command: 'table',
    describe: 'Prediction tables over sweeps (δ*, edges, outliers, overlaps, δ_alg, one-step spikes) from a TOML/JSON config',
    load: async () => (await import('./commands/table.js')).tableCommand,
  },
  {
    command: 'threshold <kind>',
    describe:
      'Learning threshold of GD at horizon T: empirical (bisection over δ on simulated GD, a bracket per d) or dmft (the DMFT prediction per d)',
    load: async () => (await import('./commands/threshold.js')).thresholdCommand,
  },
  {
    command: 'simulate',
    describe: 'Finite-d simulation that measures what a prediction predicts (seeded, with standard errors)',
    subcommands: [
      {
        command: 'spectral',
        describe: 'Simulate the extreme eigenvalues and the latent overlap² of D = (1/n) Σ T(y_i) x_i x_iᵀ (docs/theory.md §1)',
        load: async () => (await import('./simulate/spectral.js')).simulateSpectral,
      },
      {
        command: 'hessian',
        describe: 'Lowest eigenpairs of the empirical-risk Hessian at a fixed state and their U_H overlap (checks `flcalc nn`)',
        load: async () => (await import('./simulate/hessian.js')).simulateHessian,
      },
      {
        command: 'gd',
        describe: 'Full-batch GD of the two-layer network: U_E/U_H overlaps, risks, ‖W‖ and Hessian probes over time, per seed',
        load: async () => (await import('./simulate/gd.js')).simulateGd,
      },
      {
        command: 'onestep',
        describe: 'Simulate one large gradient step: spectrum of the features, alignments with He_k(<β,x>), ridge errors (docs/theory.md §7)',
        load: async () => (await import('./simulate/onestep.js')).simulateOnestep,
      },
    ],
  },
  {
    command: 'validate',
    describe: 'Run a validation suite: theory versus finite-d simulation, with standard errors and verdicts',
    load: async () => (await import('./commands/validate.js')).validateCommand,
  },
  {
    command: 'explore',
    describe: 'serve the interactive explorer page (built by npm run build) on 127.0.0.1 and print its URL',
    load: async () => (await import('./commands/explore.js')).exploreCommand,
  },
  {
    command: 'merge <dirs..>',
    describe: 'Merge the shard outputs of a sharded table, threshold empirical or validate run (checks config hash and completeness)',
    load: async () => (await import('./commands/merge.js')).mergeCommand,
  },
];

/** What `npx flcalc` runs with no arguments: the reference network (δNN with built-in defaults). */
export const defaultCommand = 'nn';
