"""Writes the first N Fashion-MNIST training images as PNG files in class subfolders: a
small folder of "your own images" for the small-data measurements (README "Your own
images"). Reads the offline copy that tools/setup.sh installs.

  .venv/bin/python benchmarks/fashion_folder.py --out=data/fashion2k [--num=2000]
"""
import argparse
import pathlib

import tensorflow as tf

from zoo.data import local

CLASSES = ("t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker",
           "bag", "ankle-boot")


def main():
  parser = argparse.ArgumentParser()
  parser.add_argument("--out", required=True)
  parser.add_argument("--num", type=int, default=2000)
  args = parser.parse_args()
  splits, _ = local.load_fashion_mnist()
  images, labels = splits["train"]
  out = pathlib.Path(args.out)
  for i, (image, label) in enumerate(zip(images[:args.num], labels[:args.num])):
    path = out / CLASSES[int(label)] / f"{i:05d}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(tf.io.encode_png(image).numpy())
  print(f"wrote {min(args.num, len(images))} images to {out}")


if __name__ == "__main__":
  main()
