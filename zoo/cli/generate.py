"""Writes a PNG grid from an exported SavedModel, through its signatures alone:
python -m zoo.generate --saved_model=DIR [--num=64] [--seed=0] [--out=grid.png]
                       [--interpolate --steps=8] [--truncation=T]

Imports no model code (zoo.load's client). `--interpolate` draws `num` pairs of latents and
writes one row per pair, from the first latent to the second, through the `interpolate`
signature. Conditional exports (signatures with `labels`): `--labels=3,1,4` picks the
classes; by default the grid has one row per class. Exports of points (the toy models) give
a plot of the samples over the data's test split instead of a grid.

Image-to-image exports (zoo.json kind "translation") write rows of input | output | target:
  --translate=FILE   an image (PNG, JPEG, BMP, GIF) at the model's input size (input |
                     output), or at its output size (made into the input by the export's
                     transform, zoo.json `pairs`: input | output | target)
  --dataset=NAME     `num` test images of NAME (default: the export's dataset), seeded
"""
import numpy as np
from absl import app, flags, logging

from zoo import errors
from zoo.cli import common as cli

FLAGS = flags.FLAGS


def define_flags():
  flags.DEFINE_string("saved_model", None, "Export directory (…/export/<model>/<version>).",
                      required=True)
  flags.DEFINE_integer("num", 64, "How many images (with --interpolate: how many rows).",
                       lower_bound=1)
  flags.DEFINE_integer("seed", 0, "Sampling seed: the same seed gives the same images.")
  flags.DEFINE_bool("interpolate", False, "Rows of images between pairs of latents.")
  flags.DEFINE_integer("steps", 8, "Images per interpolation row.", lower_bound=2)
  flags.DEFINE_list("labels", None, "Conditional models: class ids, one per image (or row).")
  flags.DEFINE_string("out", "grid.png", "Output PNG path.")
  flags.DEFINE_string("translate", None, "Image-to-image exports: an image file to translate.")
  flags.DEFINE_string("dataset", None, "Image-to-image exports: translate `num` test images "
                      "of this dataset (default: the export's).")
  flags.DEFINE_float("truncation", None, "Samples with truncation: StyleGAN2's psi (1 none, "
                     "0 the average image), or for other Gaussian latents the threshold on "
                     "|z_i| (BigGAN's trick; zoo.json `truncation` says which).")


def _num_classes(generator):
  classes = generator.metadata.get("num_classes")
  if not classes:
    raise errors.InvalidInputError(f"{generator.path} is conditional but its "
                                   "assets.extra/zoo.json does not say how many classes it "
                                   "has; pass --labels.")
  return classes


def _translation_grid(translator):
  """input | output (| target) rows of an image-to-image export."""
  import tensorflow as tf
  from zoo import config as config_lib
  from zoo import data
  from zoo.data import pairs
  from zoo.visualize import grids
  meta = translator.metadata
  transform = pairs.parse(meta["pairs"])
  source_shape, image_shape = tuple(meta["source_shape"]), tuple(meta["image_shape"])
  if FLAGS.translate:
    image = tf.io.decode_image(tf.io.read_file(FLAGS.translate), channels=source_shape[-1],
                               expand_animations=False).numpy()[None] / 255.0
    if image.shape[1:] == image_shape:
      targets, sources = image, transform(image).numpy()
    elif image.shape[1:] == source_shape:
      targets, sources = None, image
    else:
      raise errors.InvalidInputError(
          f"{FLAGS.translate} is {image.shape[1]}x{image.shape[2]}; this model translates "
          f"{source_shape[0]}x{source_shape[1]} inputs (or {image_shape[0]}x{image_shape[1]} "
          f"images made into inputs by {meta['pairs']}).")
  else:
    name = FLAGS.dataset or meta["dataset"]
    images, _, _ = data.load(config_lib.base_config("generate", name).data, "test")
    pick = np.random.default_rng(FLAGS.seed).choice(len(images), min(FLAGS.num, len(images)),
                                                    replace=False)
    targets = images[np.sort(pick)].astype(np.float32) / 255.0
    sources = transform(targets).numpy()
  return grids.translation_grid(sources, translator.translate(sources), targets)


def main(argv):
  del argv
  from zoo import api  # after flag parsing: TensorFlow is slow to import
  from zoo.data import toy
  from zoo.serving import client
  from zoo.visualize import grids, plots
  generator = api.load(FLAGS.saved_model)
  if generator.translator:
    grid = _translation_grid(generator)
    grids.write_png(FLAGS.out, grid)
    logging.info("Wrote %s", FLAGS.out)
    print(FLAGS.out)
    return
  if FLAGS.translate or FLAGS.dataset:
    raise app.UsageError("--translate and --dataset are for image-to-image exports; "
                         f"{FLAGS.saved_model} generates from latents.")
  labels = [int(x) for x in FLAGS.labels] if FLAGS.labels else None
  points = generator.metadata.get("kind") == "points"
  if FLAGS.interpolate:
    if points:
      raise app.UsageError("--interpolate draws image grids; this export generates points.")
    if generator.conditional and labels is None:  # classes in turn, one per path
      labels = np.arange(FLAGS.num) % _num_classes(generator)
    z = generator.latents(2 * FLAGS.num, FLAGS.seed)
    paths = generator.interpolate(z[:FLAGS.num], z[FLAGS.num:], FLAGS.steps, labels)
    grid = grids.grid(paths.reshape(-1, *paths.shape[2:]), rows=len(paths))
  elif points:
    samples = generator.sample(FLAGS.num, FLAGS.seed)
    dataset = generator.metadata.get("dataset")
    reference = toy.load(dataset, "test", 2000)[0] if dataset in toy.MIXTURES else samples
    grid = plots.plot(samples, reference, title=f"{FLAGS.num} samples")
  else:
    rows = 1 if labels else None  # given labels: one row; default: one per class
    if generator.conditional and labels is None:
      rows = _num_classes(generator)
      labels = client.labels_per_class(rows, FLAGS.num // rows)
    grid = grids.grid(generator.sample(FLAGS.num, FLAGS.seed, labels, FLAGS.truncation),
                      rows=rows)
  grids.write_png(FLAGS.out, grid)
  logging.info("Wrote %s", FLAGS.out)
  print(FLAGS.out)


def run():
  """zoo-generate."""
  cli.run(main, define_flags)


if __name__ == "__main__":
  run()
