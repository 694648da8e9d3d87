"""Inception-v3 features for FID, KID, precision/recall and the Inception score.

Keras applications' InceptionV3 with its ImageNet weights: pool features (2048-d, the
`avg_pool` layer) and the 1000-way softmax. Images are resized to 299x299 with bilinear
interpolation (as TF-GAN's FID does), grayscale is repeated to 3 channels, and pixels are
scaled from [0, 1] to [-1, 1]. These weights are not the 2015 TF graph that the FID papers
used, so values are comparable between zoo runs, not to published FIDs.
"""
import os
import pathlib

import keras
import tensorflow as tf

from zoo import errors

from zoo.evaluation.features import FeatureSpace

WEIGHTS_FILE = "inception_v3_weights_tf_dim_ordering_tf_kernels.h5"
SIZE = 299


class InceptionWeightsError(errors.UserError, RuntimeError):
  """The Inception-v3 weights are neither given, cached, nor downloadable."""


def keras_cache_path() -> pathlib.Path:
  """Where Keras's download keeps the weights (KERAS_HOME, default ~/.keras)."""
  home = os.environ.get("KERAS_HOME", os.path.join(os.path.expanduser("~"), ".keras"))
  return pathlib.Path(home) / "models" / WEIGHTS_FILE


def _how_to_get():
  return (f"On a machine that is online, run `python -c \"import keras; "
          f"keras.applications.InceptionV3()\"`, which saves {WEIGHTS_FILE} (92 MB) in "
          f"~/.keras/models/; copy it here and pass --inception_weights=PATH (or put it at "
          f"{keras_cache_path()}).")


def network(weights=None, download=True):
  """InceptionV3 with its classifier head, weights from `weights` (a file), Keras's cache,
  or Keras's download."""
  if weights:
    if not pathlib.Path(weights).exists():
      raise InceptionWeightsError(f"--inception_weights={weights} does not exist. "
                                  + _how_to_get())
    source = str(weights)
  elif keras_cache_path().exists() or download:
    source = "imagenet"
  else:
    raise InceptionWeightsError(f"No Inception-v3 weights: none given and none at "
                                f"{keras_cache_path()}. " + _how_to_get())
  try:
    return keras.applications.InceptionV3(include_top=True, weights=source)
  except Exception as e:  # noqa: BLE001  (a failed download: network errors of any kind)
    if source != "imagenet":
      raise
    raise InceptionWeightsError(f"Could not download the Inception-v3 weights "
                                f"({type(e).__name__}: {e}). " + _how_to_get()) from None


def feature_space(weights=None, download=True, batch_size=50) -> FeatureSpace:
  model = network(weights, download)
  extractor = keras.Model(model.inputs, [model.get_layer("avg_pool").output, model.output])

  def fn(images):
    x = tf.image.resize(images, (SIZE, SIZE), method="bilinear")
    if x.shape[-1] == 1:
      x = tf.repeat(x, 3, axis=-1)
    return extractor(x * 2.0 - 1.0, training=False)

  return FeatureSpace("inception", fn, f"Keras InceptionV3 ({weights or 'imagenet'}), "
                      "pool 2048-d", batch_size)
