// STUB — to be replaced by the suite's owner. See docs/ARCHITECTURE.md.
import type { Suite } from '../suite.js';

export const spectralSuite: Suite = {
  name: 'spectral',
  describe: '(not implemented yet)',
  run: async () => [],
};
