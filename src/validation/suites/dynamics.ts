// STUB — to be replaced by the suite's owner. See docs/ARCHITECTURE.md.
import type { Suite } from '../suite.js';

export const dynamicsSuite: Suite = {
  name: 'dynamics',
  describe: '(not implemented yet)',
  run: async () => [],
};
