"""Generative moment matching networks (Li, Swersky & Zemel 2015, arXiv:1502.02761):
G is trained by MMD against the data, with no discriminator.

GMMN (data space): z [batch, latent_dim] ~ U[-1, 1] -> ReLU layers (64, 256, 256, 1024 in
  the paper's MNIST model) -> sigmoid pixels -> images [batch, H, W, C] in [0, 1].
GMMN+AE (code space): an autoencoder (784-1024-32, sigmoid code) is trained on the data;
  G's layers map z to a code, which the decoder turns into an image. MMD compares G's codes
  with the encoder's codes of real images. G owns the decoder (it is part of what is
  exported); the autoencoder's loss trains it together with the encoder (CodeEncoder).
"""
import math

import keras
from keras import ops

from zoo.models import registry
from zoo.models import base

PAPER = "Li, Swersky & Zemel 2015, Generative Moment Matching Networks (arXiv:1502.02761)"


def _dense_stack(units, prefix):
  return [keras.layers.Dense(u, activation="relu", name=f"{prefix}_{i}")
          for i, u in enumerate(units)]


def _apply(layers, h):
  for layer in layers:
    h = layer(h)
  return h


@keras.saving.register_keras_serializable(package="zoo")
class MMDGenerator(base.Generator):
  """z -> images in [0, 1]; with `code_dim` > 0, z -> code in [0, 1]^code_dim -> decoder."""

  def __init__(self, latent_dim, image_shape, hidden_units=(64, 256, 256, 1024), code_dim=0,
               decoder_hidden=(1024,), prior="uniform", **kwargs):
    super().__init__(latent_dim, image_shape, prior, **kwargs)
    self.hidden_units = tuple(int(u) for u in hidden_units)
    self.code_dim = int(code_dim)
    self.decoder_hidden = tuple(int(u) for u in decoder_hidden)
    self.hidden = _dense_stack(self.hidden_units, "hidden")
    pixels = math.prod(self.image_shape)
    if self.code_dim:
      self.to_code = keras.layers.Dense(self.code_dim, activation="sigmoid", name="code")
      self.decoder = _dense_stack(self.decoder_hidden, "decoder") + [
          keras.layers.Dense(pixels, name="decoder_pixels")]
    else:
      self.decoder = [keras.layers.Dense(pixels, name="pixels")]

  def build(self, z_shape):
    width = z_shape[-1]
    for layer in self.hidden + ([self.to_code] if self.code_dim else []):
      layer.build((None, width))
      width = layer.units
    for layer in self.decoder:
      layer.build((None, width))
      width = layer.units

  def code(self, z):
    """G's output before the decoder: codes [batch, code_dim] (GMMN+AE) or hidden units."""
    h = _apply(self.hidden, z)
    return self.to_code(h) if self.code_dim else h

  def decoder_logits(self, code):
    """Pixel logits [batch, H, W, C] of a code (GMMN+AE) or of the last hidden layer."""
    return ops.reshape(_apply(self.decoder, code), (-1, *self.image_shape))

  @property
  def decoder_variables(self):
    return [v for layer in self.decoder for v in layer.trainable_variables]

  @property
  def code_variables(self):
    layers = self.hidden + ([self.to_code] if self.code_dim else self.decoder)
    return [v for layer in layers for v in layer.trainable_variables]

  def call(self, z, labels=None, training=False):
    return ops.sigmoid(self.decoder_logits(self.code(z)))

  def get_config(self):
    config = super().get_config()
    config.update(hidden_units=list(self.hidden_units), code_dim=self.code_dim,
                  decoder_hidden=list(self.decoder_hidden))
    return config


@keras.saving.register_keras_serializable(package="zoo")
class CodeEncoder(keras.Model):
  """images [batch, H, W, C] -> codes [batch, code_dim] in [0, 1] (GMMN+AE's encoder)."""

  def __init__(self, code_dim, hidden_units=(1024,), dropout=0.1, **kwargs):
    super().__init__(**kwargs)
    self.code_dim, self.dropout = int(code_dim), float(dropout)
    self.hidden_units = tuple(int(u) for u in hidden_units)
    self.flatten = keras.layers.Flatten()
    self.drop = keras.layers.Dropout(self.dropout)
    self.hidden = _dense_stack(self.hidden_units, "hidden")
    self.to_code = keras.layers.Dense(self.code_dim, activation="sigmoid", name="code")

  def call(self, x, labels=None, training=False):
    h = self.drop(self.flatten(x), training=training)
    return self.to_code(_apply(self.hidden, h))

  def get_config(self):
    config = super().get_config()
    config.update(code_dim=self.code_dim, hidden_units=list(self.hidden_units),
                  dropout=self.dropout)
    return config


def build(model_config, image_shape):
  """Builds (generator, encoder or None) from `config.model`."""
  generator = MMDGenerator(model_config.latent_dim, image_shape,
                           hidden_units=model_config.g_hidden, code_dim=model_config.code_dim,
                           decoder_hidden=model_config.ae_hidden, prior=model_config.prior,
                           name="generator")
  if not model_config.code_dim:
    return generator, None
  return generator, CodeEncoder(model_config.code_dim, model_config.ae_hidden,
                                model_config.ae_dropout, name="encoder")


registry.register("mnist_gmmn", dataset="mnist", architecture="mlp (no D)", paper=PAPER,
                  kind="gmmn")(build)
registry.register("mnist_gmmn_ae", dataset="mnist", architecture="mlp + autoencoder (no D)",
                  paper=PAPER, kind="gmmn")(build)
