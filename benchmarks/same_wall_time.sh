#!/usr/bin/env bash
# StyleGAN2 beside DCGAN at the same wall time on Fashion-MNIST (README "StyleGAN2"):
# trains fashion_mnist_stylegan2 for its config's budget, then fashion_mnist_dcgan for the
# same number of seconds (stopped then; its newest checkpoint is evaluated), and evaluates
# both: FCD and precision/recall (the zoo's Fashion-MNIST classifier) on 10,000 samples
# against the 10,000 test images. Run it alone on the machine: the times are the result.
#   OUT=runs/same_time bash benchmarks/same_wall_time.sh
#   SG2_SECONDS=N skips the StyleGAN2 run (already in $OUT/stylegan2, trained in N s).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-runs/same_time}
mkdir -p "$OUT"
if [ -z "${SG2_SECONDS:-}" ]; then
  start=$(date +%s)
  .venv/bin/zoo-train --model=fashion_mnist_stylegan2 --workdir="$OUT/stylegan2" 2> "$OUT/stylegan2.log"
  SG2_SECONDS=$(( $(date +%s) - start ))
fi
echo "fashion_mnist_stylegan2: $SG2_SECONDS s"
# DCGAN for the same time: more steps than it can take, stopped at SG2_SECONDS.
.venv/bin/zoo-train --model=fashion_mnist_dcgan --workdir="$OUT/dcgan" \
    --config.train.steps=100000 2> "$OUT/dcgan.log" &
pid=$!
sleep "$SG2_SECONDS"
kill -TERM "$pid" 2>/dev/null || true  # (background jobs of a script ignore SIGINT)
wait "$pid" || true
echo "fashion_mnist_dcgan: stopped after $SG2_SECONDS s"
for run in stylegan2 dcgan; do
  .venv/bin/zoo-evaluate --workdir="$OUT/$run" --metrics=fcd,precision_recall_classifier \
      --num_samples=10000 --out="$OUT/$run.json" 2>> "$OUT/$run.log"
done
