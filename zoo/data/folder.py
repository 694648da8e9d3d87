"""Your own images: a folder of image files as a dataset (`--config.data.source=folder
--config.data.path=DIR`), at the resolution and channel count of the model's dataset.

Layout: files are found recursively (EXTENSIONS). First-level subfolders are classes
(sorted names: ids 0, 1, ...; files at the top level form a class of their own, "."); with
`train/` and `test/` at the top these are the splits (classes below each), otherwise every
file is in train or test by a hash of its path (`data.test_fraction`), the same on every
run. Each image is decoded in tf.data (a GIF's first frame), made RGB or gray as the model
wants, resized so its shorter side fits (`data.resize`, `area` by default: it averages, so it
does not alias) and centre-cropped. A file that does not decode is skipped and counted.
The images come in a fixed random order, not the scan's class-by-class one: a shuffle buffer
smaller than the folder (data.shuffle_buffer) would otherwise fill each batch from one or two
classes.
"""
import hashlib
import pathlib

import numpy as np
from absl import logging

from zoo import errors

EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp")
RESIZE_METHODS = ("area", "bilinear", "bicubic", "lanczos3", "nearest")


class FolderError(errors.UserError):
  """A folder that cannot be a dataset; the message names the path and what was looked for."""


def images_under(directory):
  return sorted(p for p in directory.rglob("*") if p.suffix.lower() in EXTENSIONS and p.is_file())


def _class_of(path, split_root):
  parts = path.relative_to(split_root).parts
  return parts[0] if len(parts) > 1 else "."


def _in_test(path, root, fraction):
  return held_out(str(path.relative_to(root)), fraction)


def held_out(name, fraction):
  """Whether the file `name` (its path below the dataset's root) is in the test split: a
  fixed hash of the name, below `fraction`."""
  digest = hashlib.md5(name.encode()).digest()
  return int.from_bytes(digest[:8], "little") / 2 ** 64 < fraction


def scan(root, test_fraction=0.1):
  """{"train": [paths], "test": [paths]}, the sorted class names, and each path's label."""
  root = pathlib.Path(root).expanduser()
  looked_for = f"image files ({', '.join(EXTENSIONS)})"
  if not root.is_dir():
    raise FolderError(f"--config.data.path={str(root)!r} is not a directory; pass a folder of "
                      f"{looked_for}.")
  if (root / "train").is_dir():
    splits = {"train": (root / "train", images_under(root / "train")),
              "test": (root / "test", images_under(root / "test") if (root / "test").is_dir()
                       else [])}
  else:
    files = images_under(root)
    test = [p for p in files if _in_test(p, root, test_fraction)]
    chosen = set(test)
    splits = {"train": (root, [p for p in files if p not in chosen]), "test": (root, test)}
  if not any(paths for _, paths in splits.values()):
    raise FolderError(f"{root} holds no {looked_for}, searched recursively.")
  classes = sorted({_class_of(p, base) for base, paths in splits.values() for p in paths})
  ids = {name: i for i, name in enumerate(classes)}
  labels = {p: ids[_class_of(p, base)] for base, paths in splits.values() for p in paths}
  return {split: paths for split, (_, paths) in splits.items()}, classes, labels


def fingerprint(digests):
  """The content fingerprint of a set of files: SHA-256 over their sorted (relative path,
  SHA-256 of the bytes) pairs; it changes when any file is added, removed or edited."""
  total = hashlib.sha256()
  for name in sorted(digests):
    total.update(name.encode() + b"\0" + digests[name])
  return total.hexdigest()


def fingerprint_files(root, paths):
  """fingerprint() of `paths`, read from disk (for folders used directly)."""
  root = pathlib.Path(root).expanduser()
  return fingerprint({str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).digest()
                      for p in paths})


def _decode(image_shape, method):
  import tensorflow as tf
  height, width, channels = image_shape

  def decode(index, path):
    image = tf.io.decode_image(tf.io.read_file(path), channels=3, expand_animations=False)
    if channels == 1:
      image = tf.image.rgb_to_grayscale(image)
    size = tf.cast(tf.shape(image)[:2], tf.float32)
    scale = tf.maximum(height / size[0], width / size[1])  # the shorter side fits
    new = tf.maximum(tf.cast(tf.math.ceil(size * scale), tf.int32), [height, width])
    image = tf.image.resize(image, new, method=method, antialias=method != "area")
    image = tf.image.resize_with_crop_or_pad(image, height, width)
    return index, tf.cast(tf.round(tf.clip_by_value(image, 0, 255)), tf.uint8)
  return decode


def fixed_order(n):
  """A permutation of range(n), the same on every run (seeded, independent of the run's seed
  so that every run of a folder sees the same arrays)."""
  return np.random.default_rng(0).permutation(n)


def decode(paths, image_shape, method="area"):
  """(uint8 images [N', H, W, C], the indices of `paths` they come from): files that do not
  decode are left out."""
  import tensorflow as tf
  ds = tf.data.Dataset.from_tensor_slices((np.arange(len(paths)), [str(p) for p in paths]))
  ds = ds.map(_decode(image_shape, method), num_parallel_calls=tf.data.AUTOTUNE,
              deterministic=True).ignore_errors()
  indices, images = [], []
  for index, image in ds.batch(1024).as_numpy_iterator():
    indices.append(index)
    images.append(image)
  if not images:
    return np.zeros((0, *image_shape), np.uint8), np.zeros((0,), np.int64)
  return np.concatenate(images), np.concatenate(indices)


def load(data_config, split, image_shape):
  """(images uint8 [N, H, W, C], labels int64 [N], description, class names)."""
  split_paths, classes, labels = scan(data_config.path, data_config.test_fraction)
  paths = split_paths[split]
  if not paths:
    raise FolderError(f"{data_config.path} has no {split} images (a {split}/ folder, or "
                      f"--config.data.test_fraction > 0 without split folders).")
  images, kept = decode(paths, image_shape, data_config.resize)
  skipped = sorted(set(range(len(paths))) - set(kept.tolist()))
  if skipped:
    logging.warning("DATA: skipped %d of %d files in %s that did not decode, e.g. %s",
                    len(skipped), len(paths), data_config.path,
                    ", ".join(str(paths[i]) for i in skipped[:5]))
  if not len(images):
    raise FolderError(f"None of the {len(paths)} {split} files in {data_config.path} decodes "
                      f"as an image ({', '.join(EXTENSIONS)}).")
  ids = np.array([labels[paths[i]] for i in kept], np.int64)
  order = fixed_order(len(images))
  images, ids = images[order], ids[order]
  desc = (f"folder {data_config.path} ({split}: {len(images)} images, {len(skipped)} skipped; "
          f"{len(classes)} classes; resized by {data_config.resize} to "
          f"{'x'.join(map(str, image_shape))})")
  return images, ids, desc, classes
