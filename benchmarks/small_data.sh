#!/usr/bin/env bash
# Small data (README "Your own images"): the DCGAN recipe (or MODEL) on a folder of NUM
# (2,000) Fashion-MNIST PNGs, without augmentation, with DiffAugment and with ADA, for the
# same steps; then FCD and precision/recall (the zoo's Fashion-MNIST classifier) against the
# 10,000 real test images at every EVERY steps, so the curves show when D starts to memorize
# the folder.
# Needs the classifier: zoo-evaluate --train_classifier --dataset=fashion_mnist.
# MODEL (fashion_mnist_dcgan) is any 28x28x1 image GAN, e.g. fashion_mnist_stylegan2.
#   OUT=runs/small_data STEPS=10000 EVERY=2000 POLICIES="none diffaugment ada" [NUM=2000] \
#       [MODEL=fashion_mnist_dcgan] [EXTRA="--config.augment.ada_kimg=100"] \
#       bash benchmarks/small_data.sh
# EXTRA: more zoo-train flags, for every policy.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-runs/small_data}
STEPS=${STEPS:-10000}
EVERY=${EVERY:-2000}
POLICIES=${POLICIES:-none diffaugment ada}
NUM=${NUM:-2000}
MODEL=${MODEL:-fashion_mnist_dcgan}
EXTRA=${EXTRA:-}
FOLDER="$OUT/fashion$([ "$NUM" = 2000 ] && echo 2k || echo "$NUM")"
mkdir -p "$OUT"
[ -d "$FOLDER" ] || .venv/bin/python benchmarks/fashion_folder.py --out="$FOLDER" --num="$NUM"
for policy in $POLICIES; do
  start=$(date +%s)
  .venv/bin/zoo-train --model="$MODEL" --workdir="$OUT/$policy" \
      --config.data.source=folder --config.data.path="$FOLDER" \
      --config.data.test_fraction=0.0 --config.train.steps="$STEPS" \
      --config.train.checkpoint_every="$EVERY" --config.train.sample_every="$EVERY" \
      --config.train.keep_checkpoints=$(( STEPS / EVERY + 1 )) \
      --config.augment.policy=$policy $EXTRA 2> "$OUT/$policy.log"
  echo "$policy: trained in $(( $(date +%s) - start )) s"
done
for policy in $POLICIES; do
  for step in $(seq "$EVERY" "$EVERY" "$STEPS"); do
    echo "$policy step $step:"
    .venv/bin/zoo-evaluate --workdir="$OUT/$policy" --step="$step" --data_source=local \
        --metrics=fcd,precision_recall_classifier --num_samples=10000 \
        2>> "$OUT/$policy.eval.log" | grep -E "fcd|precision|recall"
  done
done
