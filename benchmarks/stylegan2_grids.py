"""The figures of README "StyleGAN2": truncation and style mixing through a StyleGAN2
export's signatures, and the sample grids of two runs side by side.

  .venv/bin/python benchmarks/stylegan2_grids.py --saved_model=W/export/fashion_mnist_stylegan2/1 \
      --grids=W/samples/step_0009000.png,runs/dcgan/samples/step_0026000.png \
      [--out=docs/stylegan2]

Writes OUT_truncation.png (one row per psi in 1, 0.7, 0.5, 0.3, 0: the same eight latents),
OUT_mixing.png (rows: coarse source, fine source, then crossovers 2, 4 and 6 of num_ws) and
OUT_vs.png (the grids, left to right).
"""
import argparse

import numpy as np
import tensorflow as tf

import zoo
from zoo.visualize import grids

PSI = (1.0, 0.7, 0.5, 0.3, 0.0)


def main():
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--saved_model", required=True)
  parser.add_argument("--grids", default="")
  parser.add_argument("--out", default="docs/stylegan2")
  args = parser.parse_args()
  g = zoo.load(args.saved_model)
  z = g.latents(8, seed=4)
  rows = [g.generate(z, truncation=psi) for psi in PSI]
  grids.write_png(f"{args.out}_truncation.png", grids.grid(np.concatenate(rows), rows=len(PSI)))
  fine = g.latents(8, seed=5)
  mixes = [g.mix(z, fine, c) for c in (2, 4, 6)]
  grids.write_png(f"{args.out}_mixing.png", grids.grid(
      np.concatenate([g.generate(z), g.generate(fine), *mixes]), rows=5))
  if args.grids:
    images = [tf.io.decode_png(tf.io.read_file(p)).numpy() for p in args.grids.split(",")]
    height = max(i.shape[0] for i in images)
    gap = np.full((height, 8, images[0].shape[2]), 255, np.uint8)
    row = [np.pad(i, [(0, height - i.shape[0]), (0, 0), (0, 0)]) for i in images]
    joined = np.concatenate([x for i in row for x in (i, gap)][:-1], axis=1)
    tf.io.write_file(f"{args.out}_vs.png", tf.io.encode_png(joined))


if __name__ == "__main__":
  main()
