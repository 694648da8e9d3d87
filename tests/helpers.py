"""Helpers shared by the tests (in the spirit of keras-hub's TestCase): tiny configs,
subprocess runs, and the serialization and saving round trips every model must pass."""
import copy
import json
import os
import pathlib
import subprocess
import sys

import keras
import numpy as np

from zoo.models import registry

REPO = pathlib.Path(__file__).resolve().parent.parent


def small_config(name="mnist_mlp", **train):
  """The registered config at its small size, on synthetic data, as tests want it."""
  config = registry.get(name).default_config("small")
  config.data.source = "synthetic"
  config.data.synthetic_examples = 64
  for key, value in train.items():
    config.train[key] = value
  return config


def build_generator(name, size="small"):
  """The registered model's generator (untrained, built) at its small or full size."""
  from zoo import data
  spec = registry.get(name)
  generator, _ = spec.build(spec.default_config(size).model,
                            data.info(spec.dataset).image_shape)
  generator(generator.sample_latent(2, seed=0), **labels_for(generator, 2))
  return generator


def labels_for(generator, rows):
  """{"labels": one class id per row} for a conditional generator, else {}."""
  if not generator.num_classes:
    return {}
  return {"labels": (np.arange(rows) * 3 % generator.num_classes).astype(np.int32)}


def run_python(*args, env=None, timeout=300, check=True):
  """Runs `python *args` from the repo root; returns the CompletedProcess."""
  full_env = dict(os.environ, **(env or {}))
  result = subprocess.run([sys.executable, *args], cwd=REPO, env=full_env, text=True,
                          capture_output=True, timeout=timeout)
  if check and result.returncode != 0:
    raise AssertionError(f"python {' '.join(args)} failed ({result.returncode}):\n"
                         f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
  return result


_IMAGES_CHECK = """
import json, sys
import numpy as np, tensorflow as tf
loaded = tf.saved_model.load(sys.argv[1])
x = np.load(sys.argv[2])
names, too_many = sys.argv[3].split(","), int(sys.argv[4])
outputs = {name: {k: v.numpy().tolist() for k, v in
                  loaded.signatures[name](images=tf.constant(x)).items()} for name in names}
errors = []
for bad in [x + 2.0, np.full_like(x, np.nan), np.zeros((too_many, *x.shape[1:]), np.float32),
            np.zeros((1, 8, 8, x.shape[-1]), np.float32)]:
  try:
    loaded.signatures[names[0]](images=tf.constant(bad))
    errors.append("accepted")
  except (tf.errors.InvalidArgumentError, ValueError) as e:
    errors.append(str(e)[:2000])
print(json.dumps({"outputs": outputs, "errors": errors, "zoo_imported": "zoo" in sys.modules}))
"""


def run_image_signatures_without_zoo(export, x, names, max_num, tmp_path):
  """Runs the `images` signatures `names` of an export on `x` in a process that never
  imports zoo, checks that the first refuses out-of-range, NaN, too many (max_num + 1)
  and 8x8 images with its own message, and returns {name: {output: nested lists}}."""
  np.save(tmp_path / "x.npy", x)
  result = run_python("-c", _IMAGES_CHECK, str(export), str(tmp_path / "x.npy"), ",".join(names),
                      str(max_num + 1))
  info = json.loads(result.stdout.strip().splitlines()[-1])
  assert info["zoo_imported"] is False
  for message, want in zip(info["errors"], ["pixel values from 0 to 1", "must be finite",
                                            f"must be <= {max_num} images", "expected shape"]):
    assert want in message, info["errors"]
  return info["outputs"]


def assert_serialization_round_trip(model, inputs, **kwargs):
  """get_config -> from_config rebuilds the same model; with the weights copied, same output."""
  config = keras.saving.serialize_keras_object(model)
  clone = keras.saving.deserialize_keras_object(copy.deepcopy(config))  # may pop keys
  clone(inputs, **kwargs)
  assert keras.saving.serialize_keras_object(clone)["config"] == config["config"]
  clone.set_weights(model.get_weights())
  np.testing.assert_allclose(clone(inputs, **kwargs), model(inputs, **kwargs), rtol=1e-5,
                             atol=1e-6)


def assert_saving_round_trip(model, inputs, tmp_path, **kwargs):
  """model.save(.keras) -> keras.models.load_model gives the same outputs."""
  path = tmp_path / f"{model.name}.keras"
  model.save(path)
  restored = keras.models.load_model(path)
  np.testing.assert_allclose(restored(inputs, **kwargs), model(inputs, **kwargs), rtol=1e-5,
                             atol=1e-6)


def fixed_feature_space(name="fixed", dim=16, classes=10, seed=0):
  """A small fixed network standing in for Inception-v3 or the classifier: a random linear
  projection of the pixels (features) and a softmax over a second one (probabilities)."""
  import tensorflow as tf
  from zoo.evaluation.features import FeatureSpace
  rng = np.random.default_rng(seed)
  projection = tf.constant(rng.normal(size=(784, dim)) / 28.0, tf.float32)
  head = tf.constant(rng.normal(size=(dim, classes)), tf.float32)

  def fn(images):
    features = tf.reshape(images, [tf.shape(images)[0], -1]) @ projection
    return features, tf.nn.softmax(features @ head)

  return FeatureSpace(name, fn, "fixed random projection (tests)")


def write_image(path, image, fmt="png"):
  """Writes a uint8 array [H, W, C] as a PNG (or JPEG) file, making its folders."""
  import tensorflow as tf
  path.parent.mkdir(parents=True, exist_ok=True)
  encode = tf.io.encode_png if fmt == "png" else tf.io.encode_jpeg
  path.write_bytes(encode(tf.constant(image, tf.uint8)).numpy())
