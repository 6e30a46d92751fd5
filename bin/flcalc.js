#!/usr/bin/env node
// Entry point: the CLI bundle in dist/bundle/ (built by `npm install` through the "prepare" script:
// tsc, then scripts/bundle.mjs).
import { main } from '../dist/bundle/flcalc.js';
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
