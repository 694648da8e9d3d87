"""zoo: a TensorFlow/Keras model zoo of generative adversarial networks.

The public API (README "Use the zoo as a library"); everything else is internal:

  zoo.list_models()                      registered model names
  zoo.get_spec(name)                     dataset, kind, architecture, paper of one
  zoo.get_config(name, overrides=None)   its validated config ({"train.steps": 100})
  zoo.build(name_or_config)              the compiled keras.Model, for fit() or train_step
  zoo.train_model(name_or_config, workdir, strategy=None)
                                         what `zoo-train` does: checkpoints, resume, export
  zoo.load(export_dir)                   a client over an export's signatures

They load TensorFlow on first use, so `import zoo` stays fast for the command lines.
"""
import importlib
import os

# Keras 3 must run on TensorFlow: the zoo's train steps, checkpoints and exports are TF.
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

__version__ = "0.1.0"
__all__ = ["list_models", "get_spec", "get_config", "build", "train_model", "load",
           "ConfigError", "UserError"]


def __getattr__(name):
  if name in ("ConfigError",):
    return getattr(importlib.import_module("zoo.config"), name)
  if name in ("UserError",):
    return getattr(importlib.import_module("zoo.errors"), name)
  if name in __all__:
    return getattr(importlib.import_module("zoo.api"), name)
  raise AttributeError(f"module 'zoo' has no attribute {name!r}")


def __dir__():
  return sorted(list(globals()) + __all__)
