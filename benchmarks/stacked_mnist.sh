#!/usr/bin/env bash
# Stacked MNIST (README "Improved techniques and mode-collapse cures"): DCGAN and PacDCGAN2,
# same data, networks and steps, over SEEDS seeds; each run's modes (of 1,000) and KL to
# uniform over 26,000 samples (PacGAN's count) at every EVERY steps, each channel read by
# the zoo's MNIST classifier (zoo-evaluate --train_classifier --dataset=mnist makes it).
#   OUT=runs/stacked SEEDS="0 1 2" STEPS=10000 EVERY=2500 bash benchmarks/stacked_mnist.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-runs/stacked}
SEEDS=${SEEDS:-0 1 2}
STEPS=${STEPS:-10000}
EVERY=${EVERY:-$STEPS}
MODELS=${MODELS:-stacked_mnist_dcgan stacked_mnist_pacdcgan2}
mkdir -p "$OUT"
for model in $MODELS; do
  for seed in $SEEDS; do
    run="$OUT/${model}_seed${seed}"
    start=$(date +%s)
    .venv/bin/zoo-train --model="$model" --workdir="$run" --config.seed="$seed" \
        --config.train.steps="$STEPS" --config.train.checkpoint_every="$EVERY" \
        --config.train.keep_checkpoints=$(( STEPS / EVERY + 1 )) 2> "$run.log"
    echo "$model seed=$seed: trained in $(( $(date +%s) - start )) s"
    for step in $(seq "$EVERY" "$EVERY" "$STEPS"); do
      echo "  step $step:"
      .venv/bin/zoo-evaluate --workdir="$run" --step="$step" --num_samples=26000 \
          2>> "$run.log" | grep -E "stacked_(modes|kl)"
    done
  done
done
