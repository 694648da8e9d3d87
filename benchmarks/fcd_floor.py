"""Reference FCDs for the small-data runs (README "Your own images"): what a generator that
only copied the training folder would score against the 10,000 Fashion-MNIST test images,
beside 10,000 other real training images (what a perfect generator would score). Both are
drawn with replacement to `--num_samples`, as a generator's samples are.

  .venv/bin/python benchmarks/fcd_floor.py --folder=runs/small_data/fashion2k
"""
import argparse

import numpy as np

from zoo import config as zoo_config
from zoo import data
from zoo.data import local
from zoo.evaluation import classifier, distances


def main():
  parser = argparse.ArgumentParser()
  parser.add_argument("--folder", required=True, help="a folder from fashion_folder.py")
  parser.add_argument("--num_samples", type=int, default=10000)
  parser.add_argument("--seed", type=int, default=0)
  args = parser.parse_args()
  config = zoo_config.base_config("fcd_floor", "fashion_mnist").data
  config.update(source="folder", path=args.folder, test_fraction=0.0)  # the whole folder
  folder, _, desc = data.load(config, "train")
  splits, _ = local.load_fashion_mnist()
  train, test = splits["train"][0], splits["test"][0]
  rng = np.random.default_rng(args.seed)
  others = train[len(folder):]
  space = classifier.feature_space("fashion_mnist")
  print(space.description)
  test_features, _ = space(test / 255.0)
  for name, images in ((f"the folder ({desc})", folder),
                       (f"{len(others)} other training images", others)):
    drawn = images[rng.integers(0, len(images), args.num_samples)] / 255.0
    fcd = distances.frechet_distance_of(space(drawn)[0], test_features)
    print(f"FCD of {args.num_samples} draws from {name} against the {len(test)} test "
          f"images: {fcd:.1f}")


if __name__ == "__main__":
  main()
