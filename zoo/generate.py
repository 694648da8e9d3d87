"""Writes a PNG grid from an exported SavedModel, through its signatures alone:
python -m zoo.generate --saved_model=DIR [--num=64] [--seed=0] [--out=grid.png]
                       [--interpolate --steps=8]

Imports no model code. `--interpolate` draws `num` pairs of latents and writes one row per
pair, from the first latent to the second, through the `interpolate` signature.
Conditional exports (signatures with `labels`): `--labels=3,1,4` picks the classes; by
default the grid has one row per class. Exports of points (the toy models) give a plot of
the samples over the data's test split instead of a grid.
"""
import json
import os

import numpy as np
import tensorflow as tf
from absl import app, flags, logging

from zoo import cli, errors
from zoo import images as image_lib
from zoo import plots
from zoo.data import toy

flags.DEFINE_string("saved_model", None, "Export directory (…/export/<model>/<version>).",
                    required=True)
flags.DEFINE_integer("num", 64, "How many images (with --interpolate: how many rows).",
                     lower_bound=1)
flags.DEFINE_integer("seed", 0, "Sampling seed: the same seed gives the same images.")
flags.DEFINE_bool("interpolate", False, "Rows of images between pairs of latents.")
flags.DEFINE_integer("steps", 8, "Images per interpolation row.", lower_bound=2)
flags.DEFINE_list("labels", None, "Conditional models: class ids, one per image (or row).")
flags.DEFINE_string("out", "grid.png", "Output PNG path.")
FLAGS = flags.FLAGS


def load(saved_model_dir):
  if not tf.saved_model.contains_saved_model(saved_model_dir):
    raise errors.NotFoundError(f"No SavedModel at {saved_model_dir!r}: pass a version directory "
                            "such as runs/mnist_mlp/export/mnist_mlp/1.")
  return tf.saved_model.load(saved_model_dir)


def metadata(saved_model_dir):
  path = os.path.join(saved_model_dir, "assets.extra", "zoo.json")
  return json.load(open(path)) if os.path.exists(path) else {}


def is_conditional(signature):
  return "labels" in signature.structured_input_signature[1]


def default_labels(saved_model_dir, num):
  """One row per class: num // classes images of each (at least one)."""
  classes = metadata(saved_model_dir).get("num_classes")
  if not classes:
    raise errors.InvalidInputError(f"{saved_model_dir} is conditional but its assets.extra/zoo.json does "
                     "not say how many classes it has; pass --labels.")
  return np.repeat(np.arange(classes, dtype=np.int32), max(1, num // classes))


def latents(saved_model_dir, signature, num, seed):
  """z ~ the prior recorded in the export's assets.extra/zoo.json (N(0, I) if absent)."""
  latent_dim = signature.structured_input_signature[1]["z_start"].shape[-1]
  prior = metadata(saved_model_dir).get("prior", "normal")
  rng = np.random.default_rng(seed)
  if prior == "uniform":
    return rng.uniform(-1, 1, (2, num, latent_dim)).astype(np.float32)
  return rng.standard_normal((2, num, latent_dim)).astype(np.float32)


def _first(outputs):
  return outputs["images"] if "images" in outputs else outputs["samples"]


def generate(saved_model_dir, num, seed, labels=None):
  """Returns images float32 [N, H, W, C] in [0, 1] (points: [N, dim]) from the export's
  signatures: N = num, or one per label for conditional exports (labels default: one row
  per class)."""
  loaded = load(saved_model_dir)
  if "sample" in loaded.signatures:
    sample = loaded.signatures["sample"]
    inputs = {"seed": tf.constant(seed, tf.int64)}
    if is_conditional(sample):
      labels = np.asarray(labels if labels is not None else
                          default_labels(saved_model_dir, num), np.int32)
      inputs["labels"], num = tf.constant(labels), len(labels)
    elif labels is not None:
      raise errors.InvalidInputError(f"{saved_model_dir} is not a conditional model; drop --labels.")
    out = sample(num=tf.constant(num, tf.int32), **inputs)
  else:
    serve = loaded.signatures["serving_default"]
    latent_dim = serve.structured_input_signature[1]["z"].shape[-1]
    z = np.random.default_rng(seed).standard_normal((num, latent_dim)).astype(np.float32)
    out = serve(z=tf.constant(z))
  return _first(out).numpy()


def interpolate(saved_model_dir, num, steps, seed, labels=None):
  """Returns images [num, steps, H, W, C] along paths between random pairs of latents;
  conditional exports keep one label per path (default: classes in turn)."""
  loaded = load(saved_model_dir)
  if "interpolate" not in loaded.signatures:
    raise errors.InvalidInputError(f"{saved_model_dir} has no `interpolate` signature; re-export it.")
  signature = loaded.signatures["interpolate"]
  start, end = latents(saved_model_dir, signature, num, seed)
  inputs = {}
  if is_conditional(signature):
    classes = metadata(saved_model_dir).get("num_classes", 1)
    labels = labels if labels is not None else np.arange(num) % classes
    inputs["labels"] = tf.constant(np.resize(np.asarray(labels, np.int32), num))
  return _first(signature(z_start=tf.constant(start), z_end=tf.constant(end),
                          num_steps=tf.constant(steps, tf.int32), **inputs)).numpy()


def main(argv):
  del argv
  labels = [int(x) for x in FLAGS.labels] if FLAGS.labels else None
  if FLAGS.interpolate and metadata(FLAGS.saved_model).get("kind") == "points":
    raise app.UsageError("--interpolate draws image grids; this export generates points.")
  if FLAGS.interpolate:
    paths = interpolate(FLAGS.saved_model, FLAGS.num, FLAGS.steps, FLAGS.seed, labels)
    grid = image_lib.grid(paths.reshape(-1, *paths.shape[2:]), rows=len(paths))
  elif metadata(FLAGS.saved_model).get("kind") == "points":
    samples = generate(FLAGS.saved_model, FLAGS.num, FLAGS.seed)
    dataset = metadata(FLAGS.saved_model).get("dataset")
    reference = toy.load(dataset, "test", 2000)[0] if dataset in toy.MIXTURES else samples
    grid = plots.plot(samples, reference, title=f"{FLAGS.num} samples")
  else:
    images = generate(FLAGS.saved_model, FLAGS.num, FLAGS.seed, labels)
    classes = metadata(FLAGS.saved_model).get("num_classes")
    rows = 1 if labels else classes or None  # given labels: one row; default: one per class
    grid = image_lib.grid(images, rows=rows)
  image_lib.write_png(FLAGS.out, grid)
  logging.info("Wrote %s", FLAGS.out)
  print(FLAGS.out)


if __name__ == "__main__":
  cli.run(main)
