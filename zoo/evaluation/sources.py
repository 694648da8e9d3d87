"""What `zoo.evaluate` evaluates: a generator from a training run (its checkpoint, with D
when it has one) or from an exported SavedModel (through its signatures only)."""
import dataclasses
import pathlib
from typing import Callable

import keras
import numpy as np
import tensorflow as tf

from zoo import data, errors
from zoo.serving import saved_model


@dataclasses.dataclass
class Source:
  """`sample_batch(num, seed)` returns `num` samples (images in [0, 1], or points);
  conditional generators get labels cycling over the classes, so classes are balanced."""
  model: str
  dataset: str
  shape: tuple
  sample_batch: Callable
  origin: str
  step: int | None = None
  discriminator: Callable | None = None  # x -> D(x) as a probability
  classify: Callable | None = None  # x -> class probabilities (a semi-supervised D)
  batch_size: int = 500

  def sample(self, num, seed=0, progress=False):
    bar = keras.utils.Progbar(num, unit_name="sample") if progress else None
    out = []
    for i, start in enumerate(range(0, num, self.batch_size)):
      out.append(np.asarray(self.sample_batch(min(self.batch_size, num - start), seed + i)))
      if bar:
        bar.add(len(out[-1]))
    return np.concatenate(out).astype(np.float32)


def _labels(num, classes):
  return (np.arange(num) % classes).astype(np.int32) if classes else None


def from_model(model, model_name, dataset, step=None, origin="", discriminator=None):
  """A Source on a trained zoo model (its EMA generator when it keeps one)."""
  generator = model.sampling_generator()

  def sample_batch(num, seed):
    z = generator.sample_latent(num, seed=seed)
    return generator(z, labels=_labels(num, generator.num_classes), training=False)

  classifier = model.query_networks().get("classifier")
  classify = None if classifier is None else (
      lambda x: keras.ops.softmax(classifier.classify(x, training=False)))
  return Source(model_name, dataset, tuple(generator.image_shape), sample_batch,
                origin or model_name, step, discriminator, classify)


def from_saved_model(export_dir, dataset=None):
  """A Source on an export: the `sample` signature, in batches of at most its max_num."""
  export_dir = pathlib.Path(export_dir)
  if not tf.saved_model.contains_saved_model(str(export_dir)):
    raise errors.NotFoundError(f"No SavedModel at {export_dir}: pass a version directory such "
                            "as runs/mnist_mlp/export/mnist_mlp/1.")
  meta = saved_model.read_metadata(export_dir)
  dataset = dataset or meta.get("dataset")
  if not dataset:
    raise errors.InvalidInputError(f"{export_dir} does not record its dataset (no assets.extra/zoo.json); "
                     "pass --dataset.")
  loaded = tf.saved_model.load(str(export_dir))
  if "sample" not in loaded.signatures:
    raise errors.InvalidInputError(f"{export_dir} has no `sample` signature; export it with zoo.export.")
  signature = loaded.signatures["sample"]
  conditional = "labels" in signature.structured_input_signature[1]
  classes = meta.get("num_classes", 0) if conditional else 0
  if conditional and not classes:
    raise errors.InvalidInputError(f"{export_dir} is conditional but does not record its class count.")
  key = "samples" if "samples" in signature.structured_outputs else "images"
  shape = tuple(signature.structured_outputs[key].shape[1:])

  def sample_batch(num, seed):
    inputs = dict(num=tf.constant(num, tf.int32), seed=tf.constant(seed, tf.int64))
    if conditional:
      inputs["labels"] = tf.constant(_labels(num, classes))
    return signature(**inputs)[key].numpy()

  classify = None
  if "classify" in loaded.signatures:
    classify = lambda x: loaded.signatures["classify"](images=tf.constant(x))["probabilities"]
  return Source(meta.get("model", export_dir.parent.name), dataset, shape, sample_batch,
                str(export_dir), meta.get("step"), classify=classify,
                batch_size=min(500, int(meta.get("max_num", 500))))


def check_shape(source):
  """Raises ValueError when the generator's samples do not have the dataset's shape."""
  expected = tuple(data.info(source.dataset).image_shape)
  if tuple(source.shape) != expected:
    raise errors.InvalidInputError(f"{source.origin} generates samples of shape {tuple(source.shape)}, but "
                     f"dataset {source.dataset!r} has shape {expected}; pass the --dataset the "
                     "model was trained on.")
