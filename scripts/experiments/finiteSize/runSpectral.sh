#!/bin/bash
# Per-seed spectral simulations of the docs/theory.md §1 reference (y = z^2, T = min(y,3)-1), one process at a time.
# Usage (from the repo root): bash scripts/experiments/finiteSize/runSpectral.sh "DELTA:D ..." "SEEDS"
#   e.g. bash scripts/experiments/finiteSize/runSpectral.sh "2:1000 4:1000 2:2000 4:2000 2:4000 4:4000" "1 2 3"
set -e
mkdir -p validation/experiments/finite_size/data
seeds=${2:-"1 2 3"}
for pair in $1; do
  delta=${pair%%:*}; d=${pair##*:}
  for s in $seeds; do
    out=validation/experiments/finite_size/data/spectral_delta${delta}_d${d}_seed${s}.json
    [ -s "$out" ] && continue
    start=$(date +%s)
    node bin/flcalc.js simulate spectral --target "z^2" --weight "min(y,3)-1" --delta $delta -d $d --seeds 1 --seed $s -k 3 --json > "$out.tmp" && mv "$out.tmp" "$out"
    echo "spectral delta=$delta d=$d seed=$s $(( $(date +%s) - start ))s" >> validation/experiments/finite_size/data/timing.log
  done
done
