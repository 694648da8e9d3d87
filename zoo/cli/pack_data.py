"""Packs a folder of images into TFRecords for training without decoding every epoch:

  zoo-data --folder=DIR --out=OUT (--model=NAME | --dataset=NAME) [--resize=area]
           [--test_fraction=0.1]

(or `python -m zoo.data ...`). Images are decoded, converted, resized and cropped once to
the shape of the model's dataset (zoo/data/records.py); train with
`zoo-train --model=NAME --config.data.source=tfrecord --config.data.path=OUT`.
"""
import json

from absl import app, flags, logging

from zoo.cli import common as cli

FLAGS = flags.FLAGS


def define_flags():
  from zoo.data.folder import RESIZE_METHODS
  flags.DEFINE_string("folder", None, "The folder of images (class subfolders, optional "
                      "train/ and test/).", required=True)
  flags.DEFINE_string("out", None, "Output directory for the TFRecords and dataset.json.",
                      required=True)
  flags.DEFINE_string("model", None, "The model to train on it: its dataset's image shape.")
  flags.DEFINE_string("dataset", None, "Or a dataset name whose image shape to use.")
  flags.DEFINE_enum("resize", "area", list(RESIZE_METHODS), "Resize method (area antialiases).")
  flags.DEFINE_float("test_fraction", 0.1, "Held out by path hash when there is no test/.",
                     lower_bound=0.0, upper_bound=0.99)


def main(argv):
  if len(argv) > 1:
    raise app.UsageError(f"Unexpected arguments: {argv[1:]}")
  from zoo import data
  from zoo.data import records
  from zoo.models import registry
  if bool(FLAGS.model) == bool(FLAGS.dataset):
    raise app.UsageError("Pass --model=NAME (its dataset's image shape) or --dataset=NAME.")
  name = registry.get(FLAGS.model).dataset if FLAGS.model else FLAGS.dataset
  shape = data.info(name).image_shape
  meta = records.pack(FLAGS.folder, FLAGS.out, shape, FLAGS.resize, FLAGS.test_fraction)
  logging.info("Packed %s into %s", FLAGS.folder, FLAGS.out)
  print(json.dumps(meta, indent=2))


def run():
  """zoo-data."""
  cli.run(main, define_flags)


if __name__ == "__main__":
  run()
