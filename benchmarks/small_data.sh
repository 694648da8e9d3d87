#!/usr/bin/env bash
# Small data (README "Your own images"): the DCGAN recipe on a folder of 2,000 Fashion-MNIST
# PNGs, without augmentation, with DiffAugment and with ADA, for the same steps; then FCD
# and precision/recall (the zoo's Fashion-MNIST classifier) against the 10,000 real test
# images. Needs the classifier: zoo-evaluate --train_classifier --dataset=fashion_mnist.
#   bash benchmarks/small_data.sh [OUT=runs/small_data] [STEPS=3000]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-runs/small_data}
STEPS=${STEPS:-3000}
mkdir -p "$OUT"
[ -d "$OUT/fashion2k" ] || .venv/bin/python benchmarks/fashion_folder.py --out="$OUT/fashion2k"
for policy in none diffaugment ada; do
  start=$(date +%s)
  .venv/bin/zoo-train --model=fashion_mnist_dcgan --workdir="$OUT/$policy" \
      --config.data.source=folder --config.data.path="$OUT/fashion2k" \
      --config.data.test_fraction=0.0 --config.train.steps="$STEPS" \
      --config.augment.policy=$policy 2> "$OUT/$policy.log"
  echo "$policy: trained in $(( $(date +%s) - start )) s"
  .venv/bin/zoo-evaluate --workdir="$OUT/$policy" --data_source=local \
      --metrics=fcd,precision_recall_classifier --num_samples=10000 2>> "$OUT/$policy.log"
done
