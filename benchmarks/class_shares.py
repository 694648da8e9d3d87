"""Which classes a Fashion-MNIST generator draws (README "Your own images"): the zoo's
classifier labels `--num` samples (StyleGAN2: psi 1) of each unconditional export's
`sample` signature, and the shares of the classes print most frequent first, so a class G
has all but lost shows.

  .venv/bin/python benchmarks/class_shares.py runs/sg/none/export/fashion_mnist_stylegan2/1
"""
import argparse

import numpy as np
import tensorflow as tf

from fashion_folder import CLASSES  # Fashion-MNIST's label ids, named as the folder's
from zoo.evaluation import classifier
from zoo.serving import client


def main():
  parser = argparse.ArgumentParser()
  parser.add_argument("exports", nargs="+", help="SavedModel directories (W/export/NAME/N)")
  parser.add_argument("--num", type=int, default=10000, help="samples, in batches of 500")
  args = parser.parse_args()
  space = classifier.feature_space("fashion_mnist")  # the FCD's; names the training command
  for path in args.exports:
    sample = tf.saved_model.load(path).signatures["sample"]
    images = np.concatenate([
        sample(num=tf.constant(500), seed=tf.constant(i, tf.int64),
               **client.defaults(sample))["images_uint8"].numpy()
        for i in range(args.num // 500)]).astype(np.float32) / 255.0
    counts = np.bincount(np.argmax(space(images)[1], -1), minlength=10)
    shares = ", ".join(f"{CLASSES[c]} {100 * counts[c] / counts.sum():.2f}%"
                       for c in np.argsort(-counts))
    print(f"{path}: {shares}")


if __name__ == "__main__":
  main()
