#!/bin/bash
# δ = 4, d = 8000 (above the CLI size guard) through the library, then the Hessian at d = 8000.
cd "$(dirname "$0")/../../.."
for s in 1 2 3; do
  out=validation/experiments/finite_size/data/spectral_delta4_d8000_seed$s.json
  [ -s "$out" ] && continue
  start=$(date +%s)
  node --max-old-space-size=8192 dist/scripts/experiments/finiteSize/simSpectral.js 4 8000 $s > "$out.tmp" && mv "$out.tmp" "$out" && \
    echo "spectral(lib) delta=4 d=8000 seed=$s $(( $(date +%s) - start ))s" >> validation/experiments/finite_size/data/timing.log
done
bash scripts/experiments/finiteSize/runHessian.sh 8000 2
