"""Datasets by name, from TFDS or a real local copy, as in-memory uint8 arrays.

Sources, tried in this order with `source=auto`:
  1. TFDS, when the dataset is already prepared in `data_dir` (no network needed);
  2. the local copy installed by tools/setup.sh (see zoo/data/local.py), logged loudly;
  3. TFDS download (`download=True`), for machines that are online.
`source=tfds` or `source=local` forces one; `source=synthetic` makes random images of the
dataset's shape, for tests only. When nothing works, DataNotFoundError says what was tried.
CIFAR-10 and CelebA have no local copy here: TFDS only (tests use tfds.testing.mock_data).
The toy distributions (kind "points", zoo/data/toy.py) are sampled, whatever the source.
"""
import dataclasses

import numpy as np
from absl import logging

from zoo import errors

from zoo.data import folder, local, records, stacked, toy

SOURCES = ("auto", "tfds", "local", "folder", "tfrecord", "synthetic", "paired_folder")


@dataclasses.dataclass(frozen=True)
class DatasetInfo:
  """`image_shape` is the shape of one example; "points" datasets hold float vectors."""
  name: str
  image_shape: tuple
  num_classes: int
  kind: str = "image"      # image (uint8 pixels) | points (float32 vectors)
  tfds_name: str = ""      # defaults to `name`
  crop: int = 0            # center crop (square) before resizing to image_shape
  own: bool = False        # stands for the user's own images (source folder or tfrecord)

  @property
  def tfds(self):
    return self.tfds_name or self.name


DATASETS = {
    "mnist": DatasetInfo("mnist", (28, 28, 1), 10),
    "fashion_mnist": DatasetInfo("fashion_mnist", (28, 28, 1), 10),
    "cifar10": DatasetInfo("cifar10", (32, 32, 3), 10),
    # DCGAN's CelebA protocol: the central 108x108 of the aligned 178x218 faces, at 64x64.
    # Three MNIST digits as the channels of one image: 1,000 modes (zoo/data/stacked.py).
    "stacked_mnist": DatasetInfo("stacked_mnist", (28, 28, 3), 1000),
    "celeba64": DatasetInfo("celeba64", (64, 64, 3), 0, tfds_name="celeb_a", crop=108),
    # Your own images at 256x256 (data.source=folder or tfrecord; no TFDS dataset).
    "folder256": DatasetInfo("folder256", (256, 256, 3), 0, own=True),
    "gaussian_1d": DatasetInfo("gaussian_1d", (1,), 0, kind="points"),
    "ring8": DatasetInfo("ring8", (2,), 8, kind="points"),
    "grid25": DatasetInfo("grid25", (2,), 25, kind="points"),
    "ring8_r1": DatasetInfo("ring8_r1", (2,), 8, kind="points"),
}


class DataNotFoundError(errors.UserError, RuntimeError):
  """No source could provide the dataset; the message lists what was tried."""


def info(name: str) -> DatasetInfo:
  if name not in DATASETS:
    raise errors.InvalidInputError(f"Unknown dataset {name!r}; known: "
                                   f"{', '.join(sorted(DATASETS))}.")
  return DATASETS[name]


def _tfds_prepared(ds_info, data_dir):
  import tensorflow_datasets as tfds
  return tfds.builder(ds_info.tfds, data_dir=data_dir or None).is_prepared()


def _example(ds_info):
  """TFDS example dict -> (uint8 image of `image_shape`, int64 label; 0 if unlabeled)."""
  import tensorflow as tf

  def convert(example):
    image = example["image"]
    if ds_info.crop:
      image = tf.image.resize_with_crop_or_pad(image, ds_info.crop, ds_info.crop)
    if image.shape[:2] != ds_info.image_shape[:2]:
      image = tf.cast(tf.round(tf.clip_by_value(tf.image.resize(
          image, ds_info.image_shape[:2], antialias=True), 0, 255)), tf.uint8)
    return image, tf.cast(example.get("label", 0), tf.int64)
  return convert


def _from_tfds(ds_info, split, data_dir, download):
  import tensorflow as tf
  import tensorflow_datasets as tfds
  ds = tfds.load(ds_info.tfds, split=split, data_dir=data_dir or None, download=download)
  ds = ds.map(_example(ds_info), num_parallel_calls=tf.data.AUTOTUNE)
  batches = list(tfds.as_numpy(ds.batch(4096)))
  return (np.concatenate([b[0] for b in batches]).astype(np.uint8),
          np.concatenate([b[1] for b in batches]).astype(np.int64))


def pixel_mean(images, limit=10_000):
  """The mean image in [0, 1] of an array of uint8 images, or of the first `limit` of a
  stream."""
  if isinstance(images, np.ndarray):
    return images.mean(axis=0) / 255.0
  batches = list(images.take(limit).batch(1000).as_numpy_iterator())
  return np.concatenate([b[0] for b in batches]).mean(axis=0) / 255.0


def _synthetic(ds_info, split, num, seed):
  rng = np.random.default_rng(seed + (split == "test"))
  images = rng.integers(0, 256, (num, *ds_info.image_shape), dtype=np.uint8)
  return images, rng.integers(0, max(ds_info.num_classes, 1), num).astype(np.int64)


def load(data_config, split="train", seed=0, stream=False):
  """Returns (images uint8 [N, H, W, C] (points: float32 [N, dim]), labels int64 [N],
  description of the source). With `stream`, packed TFRecords (source=tfrecord) come as
  (a tf.data.Dataset of (image, label), None, description) instead of arrays."""
  ds_info = info(data_config.name)
  name, source, data_dir = ds_info.name, data_config.source, data_config.data_dir
  if ds_info.kind == "points":
    num = data_config.synthetic_examples if source == "synthetic" else None
    points, labels = toy.load(name, split, num, seed=0)
    return points, labels, f"{name}:{split}, {len(points)} points sampled (zoo/data/toy.py)"
  if name == "stacked_mnist" and source in ("auto", "tfds", "local", "synthetic"):
    digits = data_config.copy_and_resolve_references()
    digits.name = "mnist"
    images, labels, desc = load(digits, split, seed)
    # At most 25 triples per digit, so a few dozen synthetic digits (tests) stay small.
    images, labels = stacked.stack(images, labels, min(stacked.SIZES[split], 25 * len(images)),
                                   seed=1 + (split == "test"))
    return images, labels, f"Stacked MNIST:{split}, {len(images)} triples of {desc}"
  if source == "tfrecord":
    ds, _, desc, _ = records.stream(data_config, split, ds_info.image_shape)
    if stream:
      return ds, None, desc
    batches = list(ds.batch(4096).as_numpy_iterator())
    return (np.concatenate([b[0] for b in batches]), np.concatenate([b[1] for b in batches]),
            desc)
  if source == "folder":
    images, labels, desc, _ = folder.load(data_config, split, ds_info.image_shape)
    return images, labels, desc
  if source == "paired_folder":
    raise folder.FolderError("data.source=paired_folder holds (input, target) pairs for "
                             "image-to-image models (zoo/data/paired.py), which read it "
                             "themselves; a generator trains on data.source=folder.")
  if source == "synthetic":
    images, labels = _synthetic(ds_info, split, data_config.synthetic_examples, seed)
    return images, labels, f"synthetic random images ({len(images)} examples, tests only)"
  if ds_info.own:
    raise DataNotFoundError(
        f"{name} stands for your own images at {ds_info.image_shape[0]}x"
        f"{ds_info.image_shape[1]}: pass --config.data.source=folder --config.data.path=DIR "
        "(or source=tfrecord with a zoo-data folder); README \"Your own images\".")
  tried = []
  shown_dir = data_dir or "~/tensorflow_datasets"
  if source in ("auto", "tfds"):
    if _tfds_prepared(ds_info, data_dir):
      images, labels = _from_tfds(ds_info, split, data_dir, download=False)
      return images, labels, f"TFDS {name}:{split} from {shown_dir} ({len(images)} examples)"
    tried.append(f"TFDS: {name!r} is not prepared in data_dir {shown_dir}")
  if source in ("auto", "local") and name not in local.LOADERS:
    tried.append(f"local copy: zoo has none for {name!r} (TFDS only)")
  elif source in ("auto", "local"):
    try:
      splits, paths = local.load(name, data_config.get("local_copy", ""))
      images, labels = splits[split]
      desc = f"LOCAL COPY of {name}:{split} ({len(images)} examples) from {', '.join(paths)}"
      logging.warning("DATA: using the %s. For the TFDS copy run `tfds build %s "
                      "--data_dir=%s` on a machine that is online.", desc, name, shown_dir)
      return images, labels, desc
    except FileNotFoundError as e:
      tried.append(f"local copy: {e}")
  if source in ("auto", "tfds") and data_config.download:
    logging.info("Asking TFDS to download %s into %s.", ds_info.tfds, shown_dir)
    try:
      images, labels = _from_tfds(ds_info, split, data_dir, download=True)
      return images, labels, f"TFDS {name}:{split}, downloaded ({len(images)} examples)"
    except Exception as e:  # noqa: BLE001  (any download failure ends in the message below)
      tried.append(f"TFDS download: {type(e).__name__}: {e}")
  offline = "run tools/setup.sh (installs the offline copies), or " if name in local.LOADERS else ""
  raise DataNotFoundError(
      f"Dataset {name!r} (split {split!r}) was not found. Tried:\n  - " + "\n  - ".join(tried)
      + f"\nTo get it: {offline}on a machine that is online run `tfds build {ds_info.tfds} "
      f"--data_dir=DIR` and pass --config.data.data_dir=DIR.")
