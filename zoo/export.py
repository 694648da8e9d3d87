"""Exports a generator as a SavedModel in TF Serving's layout, atomically.

`BASE/<model>/<version>/` holds a SavedModel that plain TensorFlow loads (nothing in it
imports zoo) with the signatures:
  serving_default(z: float32 [None, latent_dim]) -> images float32 [None, H, W, C] in [0, 1],
                                                    images_uint8 uint8 [None, H, W, C]
  sample(num: int32 [], seed: int64 []) -> the same outputs for `num` latents drawn from the
                                          model's prior, deterministic for a given seed.
It is written to a hidden temporary directory, loaded back and run once, then renamed into
place, so a server watching BASE never sees a partial version.
"""
import json
import os
import pathlib
import shutil
import tempfile

import numpy as np
import tensorflow as tf

METADATA = "assets.extra/zoo.json"
DEFAULT_MAX_NUM = 1024


class GeneratorModule(tf.Module):
  """The exported graph: a generator and its prior, no Python from zoo."""

  def __init__(self, generator, max_num=DEFAULT_MAX_NUM):
    super().__init__()
    self.generator = generator
    self._latent_dim = generator.latent_dim
    self._prior = generator.prior
    self._max_num = int(max_num)
    self.serve = tf.function(self._serve, input_signature=[
        tf.TensorSpec([None, self._latent_dim], tf.float32, name="z")])
    self.sample = tf.function(self._sample, input_signature=[
        tf.TensorSpec([], tf.int32, name="num"), tf.TensorSpec([], tf.int64, name="seed")])

  def _outputs(self, images):
    images = tf.cast(images, tf.float32)
    return {"images": images,
            "images_uint8": tf.cast(tf.round(tf.clip_by_value(images, 0.0, 1.0) * 255.0),
                                    tf.uint8)}

  def _serve(self, z):
    return self._outputs(self.generator(z, training=False))

  def _sample(self, num, seed):
    checks = [
        tf.debugging.assert_non_negative(num, message="sample: `num` must be >= 0"),
        tf.debugging.assert_less_equal(
            num, self._max_num, message=f"sample: `num` must be <= {self._max_num} (the cap "
            "set at export); send several requests for more")]
    with tf.control_dependencies(checks):  # the checks' message, not a random op's, on error
      num = tf.identity(num)
    seeds = tf.stack([seed, tf.constant(0, tf.int64)])
    shape = tf.stack([num, self._latent_dim])
    if self._prior == "uniform":
      z = tf.random.stateless_uniform(shape, seeds, minval=-1.0, maxval=1.0)
    else:
      z = tf.random.stateless_normal(shape, seeds)
    return self._serve(z)


def next_version(model_dir) -> int:
  versions = [int(p.name) for p in pathlib.Path(model_dir).glob("*") if p.name.isdigit()]
  return max(versions, default=0) + 1


def latest_version_dir(model_dir):
  model_dir = pathlib.Path(model_dir)
  versions = [int(p.name) for p in model_dir.glob("*") if p.name.isdigit()]
  return model_dir / str(max(versions)) if versions else None


def read_metadata(export_dir):
  path = pathlib.Path(export_dir) / METADATA
  return json.loads(path.read_text()) if path.exists() else {}


def _verify(path, latent_dim, image_shape):
  loaded = tf.saved_model.load(str(path))
  images = loaded.signatures["serving_default"](z=tf.zeros([2, latent_dim]))["images"]
  if tuple(images.shape) != (2, *image_shape) or not np.all(np.isfinite(images.numpy())):
    raise RuntimeError(f"Export check failed: serving_default gave shape {images.shape}, "
                       f"expected {(2, *image_shape)} with finite values.")


def export_generator(generator, model_dir, metadata=None, version=None,
                     max_num=DEFAULT_MAX_NUM) -> pathlib.Path:
  """Writes `model_dir/<version>/` (next integer by default) and returns its path."""
  model_dir = pathlib.Path(model_dir)
  model_dir.mkdir(parents=True, exist_ok=True)
  for stale in model_dir.glob(".tmp-*"):  # left by a killed export; never a loadable version
    shutil.rmtree(stale, ignore_errors=True)
  version = int(version) if version is not None else next_version(model_dir)
  final = model_dir / str(version)
  if final.exists():
    raise FileExistsError(f"Export version {final} already exists; pick another --version.")
  tmp = pathlib.Path(tempfile.mkdtemp(prefix=f".tmp-{version}-", dir=model_dir))
  try:
    module = GeneratorModule(generator, max_num)
    tf.saved_model.save(module, str(tmp), signatures={
        "serving_default": module.serve.get_concrete_function(),
        "sample": module.sample.get_concrete_function()})
    meta = dict(metadata or {}, latent_dim=generator.latent_dim, prior=generator.prior,
                image_shape=list(generator.image_shape), value_range=[0.0, 1.0],
                max_num=int(max_num))
    (tmp / METADATA).parent.mkdir(exist_ok=True)
    (tmp / METADATA).write_text(json.dumps(meta, indent=2))
    _verify(tmp, generator.latent_dim, generator.image_shape)
    os.rename(tmp, final)
  except BaseException:
    shutil.rmtree(tmp, ignore_errors=True)
    raise
  return final
