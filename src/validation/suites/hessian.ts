// STUB — to be replaced by the suite's owner. See docs/ARCHITECTURE.md.
import type { Suite } from '../suite.js';

export const hessianSuite: Suite = {
  name: 'hessian',
  describe: '(not implemented yet)',
  run: async () => [],
};
