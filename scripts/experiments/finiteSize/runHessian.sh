#!/bin/bash
# docs/theory.md §4 fixed-state Hessian reference (defaults of `simulate hessian`: m = 1, GELU, square loss,
# y = tanh(z^2), a = 1, ‖w‖ = 1, w ⊥ θ), δ = 8. Usage (repo root): bash scripts/experiments/finiteSize/runHessian.sh D SEEDS
set -e
d=$1; seeds=$2
out=validation/experiments/finite_size/data/hessian_delta8_d${d}_seeds${seeds}.json
start=$(date +%s)
node bin/flcalc.js simulate hessian --act gelu --loss square --target "tanh(z^2)" --delta 8 -d $d --seeds $seeds --eigenpairs 3 --json > "$out.tmp" && mv "$out.tmp" "$out"
echo "hessian delta=8 d=$d seeds=$seeds $(( $(date +%s) - start ))s" >> validation/experiments/finite_size/data/timing.log
