// STUB — to be replaced by the suite's owner. See docs/ARCHITECTURE.md.
import type { Suite } from '../suite.js';

export const localSuite: Suite = {
  name: 'local',
  describe: '(not implemented yet)',
  run: async () => [],
};
