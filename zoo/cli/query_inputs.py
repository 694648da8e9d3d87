"""What `zoo-project` and `zoo-inpaint` share: their flags, the images they read (files or
a dataset slice such as mnist:test[:16]) and the report they write."""
import json
import pathlib
import re

import numpy as np
from absl import flags

from zoo import atomic, errors

FLAGS = flags.FLAGS
DATASET = re.compile(r"^(?P<name>\w+)(?::(?P<split>\w+))?(?:\[(?P<start>\d*):(?P<stop>\d*)\])?$")


def define_flags(default_out):
  flags.DEFINE_string("saved_model", None, "Export directory (…/export/<model>/<version>).",
                      required=True)
  flags.DEFINE_list("images", None, "Image files (PNG, JPEG, ...), resized to the model's size.")
  flags.DEFINE_string("dataset", None, "A dataset slice instead of files: NAME[:SPLIT][[A:B]], "
                      "e.g. mnist:test[:16] (default split test, first 16 images).")
  flags.DEFINE_list("labels", None, "Conditional models: class ids, one per image (default: "
                    "the dataset's labels).")
  flags.DEFINE_integer("num_steps", 500, "Adam steps on z per image.", lower_bound=1)
  flags.DEFINE_integer("seed", 0, "Seed of the random starts.")
  flags.DEFINE_string("out", default_out, "Output grid PNG; the JSON report goes beside it.")


def read_images(image_shape):
  """(float32 images [N, H, W, C] in [0, 1], labels or None, a name per image)."""
  if bool(FLAGS.images) == bool(FLAGS.dataset):
    raise errors.InvalidInputError("Pass --images=a.png,b.png or --dataset=NAME:SPLIT[:N] "
                                   "(one of them).")
  labels = None
  if FLAGS.images:
    from zoo.data import folder
    missing = [p for p in FLAGS.images if not pathlib.Path(p).is_file()]
    if missing:
      raise errors.NotFoundError(f"No such image file: {', '.join(missing)}")
    images, kept = folder.decode(FLAGS.images, image_shape)
    if len(kept) < len(FLAGS.images):
      bad = sorted(set(range(len(FLAGS.images))) - set(kept.tolist()))
      raise errors.InvalidInputError("Cannot decode " + ", ".join(FLAGS.images[i] for i in bad))
    names = list(FLAGS.images)
  else:
    images, labels, names = _dataset_slice(FLAGS.dataset, image_shape)
  if FLAGS.labels:
    labels = np.asarray([int(x) for x in FLAGS.labels], np.int32)
  return images.astype(np.float32) / 255.0, labels, names


def _dataset_slice(spec, image_shape):
  from zoo import config as config_lib
  from zoo import data
  match = DATASET.match(spec)
  if not match:
    raise errors.InvalidInputError(f"--dataset={spec}: use NAME[:SPLIT][[A:B]], e.g. "
                                   "mnist:test[:16].")
  name, split = match["name"], match["split"] or "test"
  start, stop = int(match["start"] or 0), int(match["stop"] or 16)
  images, labels, _ = data.load(config_lib.base_config("query", name).data, split)
  if tuple(images.shape[1:]) != tuple(image_shape):
    raise errors.InvalidInputError(f"{name} images are {images.shape[1:]}; the export makes "
                                   f"{tuple(image_shape)}.")
  return (images[start:stop], labels[start:stop].astype(np.int32),
          [f"{name}:{split}[{i}]" for i in range(start, min(stop, len(images)))])


def psnr(a, b, weights=None):
  """Peak signal-to-noise ratio (peak 1) per image, over the pixels where `weights` is 1."""
  weights = np.ones_like(a) if weights is None else np.broadcast_to(weights, a.shape)
  mse = (weights * (a - b) ** 2).sum(axis=(1, 2, 3)) / np.maximum(weights.sum(axis=(1, 2, 3)), 1)
  return 10.0 * np.log10(1.0 / np.maximum(mse, 1e-10))


def write_report(panels, out, names, losses, psnr, psnr_key, **report):
  """The grid at `out` (one row per image, one column per panel [N, H, W, C]) and the JSON
  `report` beside it, with each image's loss and PSNR (under `psnr_key`) and their means."""
  report.update(mean_loss=float(np.mean(losses)), **{f"mean_{psnr_key}": float(np.mean(psnr))},
                per_image=[{"image": n, "loss": float(loss), psnr_key: float(p)}
                           for n, loss, p in zip(names, losses, psnr)])
  from zoo.visualize import grids
  grids.write_png(out, grids.panel_grid(panels))
  path = pathlib.Path(out).with_suffix(".json")
  atomic.write_text(path, json.dumps(report, indent=2))
  print(out)
  print(path)
