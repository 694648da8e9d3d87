#!/usr/bin/env bash
# The image-to-image table of the README ("Image-to-image"): x4 super-resolution of MNIST
# and Fashion-MNIST by SRResNet (the content loss alone) and SRGAN (+ the adversarial
# loss; G starts from the SRResNet run, as in the paper; variant srgan_scratch starts from
# random weights), with bicubic beside them in each report, and pix2pix from edges.
# Each run trains its config's steps, then zoo-evaluate compares its outputs with every
# test image (PSNR, SSIM, classifier accuracy, FCD). Run it alone: the times are results.
#   OUT=runs/i2i bash benchmarks/image_to_image.sh
#   RUNS="mnist_srgan_x4:srgan ..." picks runs (model:variant, variant srresnet|srgan|
#   srgan_scratch|pix2pix); srgan needs the model's srresnet run first
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-runs/i2i}
RUNS=${RUNS:-"mnist_srgan_x4:srresnet mnist_srgan_x4:srgan fashion_mnist_srgan_x4:srresnet fashion_mnist_srgan_x4:srgan fashion_mnist_pix2pix_edges:pix2pix"}
mkdir -p "$OUT"
for run in $RUNS; do
  model=${run%%:*}
  variant=${run##*:}
  extra=()
  if [ "$variant" = srresnet ]; then extra=(--config.translation.adversarial_weight=0); fi
  if [ "$variant" = srgan ]; then
    extra=(--config.translation.init_generator="$OUT/${model}_srresnet")
  fi
  work="$OUT/${model}_$variant"
  start=$(date +%s)
  .venv/bin/zoo-train --model="$model" --workdir="$work" "${extra[@]}" 2> "$work.log"
  echo "$model $variant: trained in $(( $(date +%s) - start )) s" | tee -a "$OUT/times.txt"
  .venv/bin/zoo-evaluate --workdir="$work" --num_samples=10000 --out="$work.json" 2>> "$work.log"
done
