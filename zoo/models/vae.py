"""Variational autoencoder (Kingma & Welling 2014, "Auto-Encoding Variational Bayes",
arXiv:1312.6114), the explicit-density baseline: an MLP encoder q(z|x) = N(mean, var) and
a Bernoulli MLP decoder p(x|z), 500 hidden units each as in the paper's MNIST runs.

The decoder is a zoo Generator (z ~ N(0, I) -> images [batch, H, W, C] in [0, 1], the
Bernoulli means), so it trains, samples and exports like any generator.
"""
import math

import keras
from keras import ops

from zoo.models import registry
from zoo.models import base

PAPER = "Kingma & Welling 2014, Auto-Encoding Variational Bayes (arXiv:1312.6114)"


@keras.saving.register_keras_serializable(package="zoo")
class VAEDecoder(base.Generator):
  """z [batch, latent_dim] -> images [batch, H, W, C] in [0, 1]."""

  def __init__(self, latent_dim, image_shape, hidden_units=(500,), prior="normal", **kwargs):
    super().__init__(latent_dim, image_shape, prior, **kwargs)
    self.hidden_units = tuple(int(u) for u in hidden_units)
    self.hidden = [keras.layers.Dense(u, activation="relu", name=f"hidden_{i}")
                   for i, u in enumerate(self.hidden_units)]
    self.out = keras.layers.Dense(math.prod(self.image_shape), name="pixel_logits")

  def logits(self, z):
    h = z
    for layer in self.hidden:
      h = layer(h)
    return ops.reshape(self.out(h), (-1, *self.image_shape))

  def call(self, z, labels=None, training=False):
    return ops.sigmoid(self.logits(z))

  def get_config(self):
    return {**super().get_config(), "hidden_units": list(self.hidden_units)}


@keras.saving.register_keras_serializable(package="zoo")
class VAEEncoder(keras.Model):
  """images [batch, H, W, C] -> (mean, log_var), each [batch, latent_dim]."""

  def __init__(self, latent_dim, hidden_units=(500,), **kwargs):
    super().__init__(**kwargs)
    self.latent_dim = int(latent_dim)
    self.hidden_units = tuple(int(u) for u in hidden_units)
    self.flatten = keras.layers.Flatten()
    self.hidden = [keras.layers.Dense(u, activation="relu", name=f"hidden_{i}")
                   for i, u in enumerate(self.hidden_units)]
    self.mean = keras.layers.Dense(self.latent_dim, name="mean")
    self.log_var = keras.layers.Dense(self.latent_dim, name="log_var")

  def call(self, x, labels=None, training=False):
    h = self.flatten(x)
    for layer in self.hidden:
      h = layer(h)
    return self.mean(h), self.log_var(h)

  def get_config(self):
    config = super().get_config()
    config.update(latent_dim=self.latent_dim, hidden_units=list(self.hidden_units))
    return config


def build(model_config, image_shape):
  """Builds (decoder, encoder) from `config.model`."""
  return (VAEDecoder(model_config.latent_dim, image_shape, model_config.hidden,
                     prior="normal", name="generator"),
          VAEEncoder(model_config.latent_dim, model_config.hidden, name="encoder"))


for _name, _dataset in (("mnist_vae", "mnist"), ("fashion_mnist_vae", "fashion_mnist")):
  registry.register(_name, dataset=_dataset, architecture="mlp vae", paper=PAPER,
                    kind="vae")(build)
