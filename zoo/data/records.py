"""Big folders as TFRecords: `zoo-data --folder=DIR --out=OUT --dataset=NAME` decodes,
resizes and crops every image once (zoo/data/folder.py) and stores them with TFDS's own
writer (`tfds.dataset_builders.store_as_tfds_dataset`: sharded TFRecords plus TFDS's
dataset_info.json), beside a `dataset.json` of ours (counts, classes, resolution,
channels, a content fingerprint). `--config.data.source=tfrecord --config.data.path=OUT`
then streams them (`tfds.builder_from_directory`): no JPEG decoding per epoch, nothing held
in memory."""
import hashlib
import json
import pathlib
import time

import numpy as np
from absl import logging

from zoo import errors
from zoo.data import folder

NAME, VERSION = "zoo_images", "1.0.0"
METADATA = "dataset.json"


class RecordsError(errors.UserError):
  """A path that holds no packed dataset, or one packed for another shape."""


def _examples(paths, labels, image_shape, resize, root, digests, counts, split):
  """(key, example) pairs of the images that decode, in `paths` order; keeps each file's
  SHA-256 in `digests` and counts as it goes (one pass over the files)."""
  import tensorflow as tf
  decode = folder._decode(image_shape, resize)

  def read(index, path):
    data = tf.io.read_file(path)
    return index, data, decode(index, path)[1]

  ds = tf.data.Dataset.from_tensor_slices((np.arange(len(paths)), [str(p) for p in paths]))
  ds = ds.map(read, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True).ignore_errors()
  start, last = time.time(), 0
  for index, data, image in ds.as_numpy_iterator():
    digests[str(paths[index].relative_to(root))] = hashlib.sha256(data).digest()
    counts[split] += 1
    if time.time() - last > 5:
      last = time.time()
      logging.info("%s: %d of %d images packed (%.0f/s)", split, counts[split], len(paths),
                   counts[split] / max(last - start, 1e-9))
    yield int(index), {"image": image, "label": labels[paths[index]]}


def pack(path, out, image_shape, resize="area", test_fraction=0.1):
  """Packs the folder `path` at `image_shape` into `out`; returns dataset.json's content."""
  import tensorflow_datasets as tfds
  split_paths, classes, labels = folder.scan(path, test_fraction)
  root = pathlib.Path(path).expanduser()
  digests, counts = {}, {split: 0 for split in split_paths}
  features = tfds.features.FeaturesDict({
      "image": tfds.features.Image(shape=tuple(image_shape)),
      "label": tfds.features.ClassLabel(names=classes)})
  splits = {split: _examples(paths, labels, image_shape, resize, root, digests, counts, split)
            for split, paths in split_paths.items() if paths}
  out = pathlib.Path(out)
  tfds.dataset_builders.store_as_tfds_dataset(
      name=NAME, version=VERSION, features=features, split_datasets=splits, data_dir=out,
      file_format="tfrecord", description=f"Images of {path}, packed by zoo-data.")
  meta = {"source": str(path), "count": counts,
          "skipped": {s: len(split_paths[s]) - counts[s] for s in counts},
          "classes": classes, "resolution": list(image_shape[:2]), "channels": image_shape[2],
          "resize": resize, "fingerprint": folder.fingerprint(digests)}
  (out / METADATA).write_text(json.dumps(meta, indent=2))
  return meta


def metadata(path):
  path = pathlib.Path(path) / METADATA
  if not path.exists():
    raise RecordsError(f"{path.parent} holds no packed dataset (no {METADATA}); pack a folder "
                       "with `zoo-data --folder=DIR --out=OUT --dataset=NAME` first.")
  return json.loads(path.read_text())


def stream(data_config, split, image_shape):
  """(tf.data of (uint8 image, int64 label), its size, description, class names)."""
  import tensorflow as tf
  import tensorflow_datasets as tfds
  meta = metadata(data_config.path)
  shape = [*meta["resolution"], meta["channels"]]
  if list(shape) != list(image_shape):
    raise RecordsError(f"{data_config.path} was packed at {shape}, but this model wants "
                       f"{list(image_shape)}; pack it again with --dataset for this model.")
  if not meta["count"].get(split):
    raise RecordsError(f"{data_config.path} has no {split} images.")
  builder = tfds.builder_from_directory(str(pathlib.Path(data_config.path) / NAME / VERSION))
  ds = builder.as_dataset(split=split, shuffle_files=True)
  ds = ds.map(lambda e: (e["image"], tf.cast(e["label"], tf.int64)),
              num_parallel_calls=tf.data.AUTOTUNE)
  desc = (f"TFRecords {data_config.path} ({split}: {meta['count'][split]} images, "
          f"{len(meta['classes'])} classes, packed from {meta['source']})")
  return ds, meta["count"][split], desc, meta["classes"]
