#!/usr/bin/env node
// Entry point: the CLI bundle in dist/bundle/ (built by `npm install` through the "prepare" script: tsc, then
// scripts/bundle.mjs), or the compiled modules in dist/src/ when the bundle has not been built.
import { existsSync } from 'node:fs';
const bundle = new URL('../dist/bundle/flcalc.js', import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/src/present/cli/main.js');
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
