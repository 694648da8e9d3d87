"""The zoo's public Python API (re-exported by `zoo/__init__.py`; README "Use the zoo as a
library"). The commands in zoo/cli/ are thin layers over these functions."""
import pathlib

import ml_collections

from zoo import config as config_lib
from zoo.models import registry
from zoo.serving import client


def list_models():
  """The registered model names, sorted.

  Example:
    >>> "mnist_mlp" in zoo.list_models()
    True
  """
  return registry.names()


def get_spec(name):
  """The registry entry of `name`: dataset, kind (gan, gmmn, vae, translation),
  architecture, paper.

  Example:
    >>> spec = zoo.get_spec("mnist_mlp")
    >>> spec.dataset, spec.kind
    ('mnist', 'gan')
  """
  return registry.get(name)


def get_config(name, overrides=None, size=None):
  """The validated config of a registered model, with `overrides` applied exactly as the
  command line's `--config.FIELD=VALUE` ({"train.steps": 100}); `size="small"` gives the
  tiny variant the tests use. Raises ConfigError naming a bad field.

  Example:
    >>> config = zoo.get_config("mnist_mlp", {"train.steps": 100})
    >>> config.train.steps
    100
  """
  config = registry.get(name).default_config(size)
  for field, value in (overrides or {}).items():
    config_lib.override(config, field, value)
  return config_lib.validate(config)


def _config(name_or_config):
  if isinstance(name_or_config, ml_collections.ConfigDict):
    return config_lib.validate(name_or_config)
  return get_config(name_or_config)


def build(name_or_config, strategy=None):
  """The compiled, built keras.Model (G, its adversary or encoder, both optimizers) of a
  registered model or config, under `strategy` (default: none), ready for
  `model.fit(dataset)` on a tf.data.Dataset of images in [0, 1] (with int labels for
  conditional models), or for `model.train_step(batch)` in a loop of your own.

  Example:
    >>> model = zoo.build("mnist_mlp")
    >>> model.fit(images_dataset, steps_per_epoch=100)   # batches of [B, 28, 28, 1]
  """
  import tensorflow as tf
  from zoo.data import info
  from zoo.training import trainer
  config = _config(name_or_config)
  strategy = strategy or tf.distribute.get_strategy()
  with strategy.scope():
    return trainer.build_model(config, info(config.data.name).image_shape)


def train_model(name_or_config, workdir, strategy=None):
  """What `zoo-train` does: trains (or resumes) the run in `workdir`, checkpoints, samples
  and exports. Returns the finished run (`.model`, `.step`, `.export_path`).

  Example:
    >>> run = zoo.train_model(zoo.get_config("mnist_mlp", {"train.steps": 1000}), "runs/a")
    >>> run.step, run.export_path                 # 1000, runs/a/export/mnist_mlp/1
  """
  from zoo.training import trainer
  return trainer.train(_config(name_or_config), pathlib.Path(workdir), strategy)


def load(path):
  """A client over an exported generator's signatures (no zoo model code runs):
  `.sample(num, seed=0, labels=None)`, `.generate(z)`, `.interpolate(z_start, z_end,
  num_steps)`, `.project(images, num_steps)`, `.inpaint(images, mask, num_steps)`,
  `.metadata`; image-to-image exports `.translate(images)`; numpy arrays out.

  Example:
    >>> generator = zoo.load("runs/mnist_mlp/export/mnist_mlp/1")
    >>> generator.sample(16).shape
    (16, 28, 28, 1)
    >>> generator.project(digits, num_steps=300)["z"].shape   # digits [16, 28, 28, 1]
    (16, 100)
  """
  return client.ExportClient(path)
