#!/usr/bin/env bash
# Semi-supervised MNIST (README "Semi-supervised GAN"): mnist_ssgan with 100 labels over
# SEEDS seeds (each seed picks its own 10 labelled digits per class), and the same D
# trained on the 100 labels alone (ssl.unlabeled_weight=0) on the same seeds; then each
# run's test error on the offline MNIST test digits (zoo-evaluate --metrics=ssl_error): 10,000,
# or 2,143 with EXTRA="--config.data.local_copy=mnist15k" (the README figures that say 2,143).
#   OUT=runs/ssgan SEEDS="0 1 2" STEPS=10000 LABELED=100 bash benchmarks/ssgan_seeds.sh
# EXTRA: more zoo-train flags for every run, e.g. EXTRA="--config.optimizer.d.epsilon=1e-4".
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-runs/ssgan}
SEEDS=${SEEDS:-0 1 2}
STEPS=${STEPS:-10000}
LABELED=${LABELED:-100}
WEIGHTS=${WEIGHTS:-1 0}
mkdir -p "$OUT"
for weight in $WEIGHTS; do
  for seed in $SEEDS; do
    run="$OUT/w${weight}_seed${seed}"
    start=$(date +%s)
    .venv/bin/zoo-train --model=mnist_ssgan --workdir="$run" --config.seed="$seed" \
        --config.data.labeled="$LABELED" --config.ssl.unlabeled_weight="$weight" \
        --config.train.steps="$STEPS" ${EXTRA:-} 2> "$run.log"
    echo "unlabeled_weight=$weight seed=$seed: trained in $(( $(date +%s) - start )) s"
    .venv/bin/zoo-evaluate --workdir="$run" --metrics=ssl_error 2>> "$run.log" | grep ssl_error
  done
done
