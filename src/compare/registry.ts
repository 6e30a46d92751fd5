// The validation suites, by name.
import type { Suite } from './suite.js';
import { spectralSuite } from './suites/spectral.js';
import { hessianSuite } from './suites/hessian.js';
import { dynamicsSuite } from './suites/dynamics.js';
import { onestepSuite } from './suites/onestep.js';
import { localSuite } from './suites/local.js';

export const suites: Suite[] = [spectralSuite, hessianSuite, dynamicsSuite, onestepSuite, localSuite];
