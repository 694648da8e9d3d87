"""Conditional GAN (Mirza & Osindero 2014, "Conditional Generative Adversarial Nets",
arXiv:1411.1784): G(z, y) and D(x, y) for class labels y, fully connected as in the paper's
MNIST model, with its SGD recipe and mnist_mlp's initialization. y enters as a one-hot vector concatenated to z in G
and to the flattened image in D (the paper maps each to its own hidden layer first).

The projection variant (Miyato & Koyama 2018, "cGANs with Projection Discriminator",
arXiv:1802.05637) instead scores D(x, y) = psi(phi(x)) + embed(y) . phi(x).
Shapes as in zoo/models/base.py, plus labels int [batch] in [0, num_classes).
"""
import math

import keras
from keras import ops

from zoo.models import registry
from zoo.models.mlp import MaxoutDiscriminator, MLPGenerator

PAPERS = {
    "concat": "Mirza & Osindero 2014, Conditional GANs (arXiv:1411.1784)",
    "projection": "Miyato & Koyama 2018, cGANs with Projection Discriminator (arXiv:1802.05637)",
}


def _uniform(scale):
  return keras.initializers.RandomUniform(-scale, scale)


@keras.saving.register_keras_serializable(package="zoo")
class ConditionalMLPGenerator(MLPGenerator):
  """The mnist_mlp generator on [z, one_hot(y)]."""

  def __init__(self, latent_dim, image_shape, num_classes, hidden_units=(1200, 1200),
               prior="uniform", init_scale=0.05, **kwargs):
    if num_classes <= 0:
      raise ValueError(f"A conditional generator needs num_classes > 0, got {num_classes}.")
    super().__init__(latent_dim, image_shape, hidden_units, prior, init_scale,
                     num_classes=num_classes, **kwargs)

  def build(self, z_shape):
    # Built from z's shape alone (Keras's loader knows no other input): labels add a one-hot.
    width = self.latent_dim + self.num_classes
    for layer in self.hidden:
      layer.build((None, width))
      width = layer.units
    self.out.build((None, width))

  def call(self, z, labels=None, training=False):
    one_hot = ops.one_hot(labels, self.num_classes, dtype=z.dtype)
    return super().call(ops.concatenate([z, one_hot], axis=-1), training=training)


@keras.saving.register_keras_serializable(package="zoo")
class ConditionalMaxoutDiscriminator(MaxoutDiscriminator):
  """(x, y) -> logit: mnist_mlp's maxout D on [x, one_hot(y)], or with a projection."""

  def __init__(self, num_classes, hidden_units=(240, 240), pieces=5, dropout=0.5,
               input_dropout=0.2, init_scale=0.005, projection=False, **kwargs):
    super().__init__(hidden_units, pieces, dropout, input_dropout, init_scale, **kwargs)
    self.num_classes, self.projection = int(num_classes), bool(projection)
    if self.projection:
      self.embed = keras.layers.Embedding(
          self.num_classes, self.hidden_units[-1], name="class_embedding",
          embeddings_initializer=_uniform(self.init_scale))

  def build(self, x_shape):
    # Built from the image shape alone (Keras's loader knows no other input).
    width = math.prod(x_shape[1:]) + (0 if self.projection else self.num_classes)
    for maxout in self.hidden:
      maxout.build((None, width))
      width = maxout.units
    if self.minibatch is not None:
      self.minibatch.build((None, width))
      width += self.minibatch_kernels
    self.logit.build((None, width))
    if self.projection:
      self.embed.build((None,))

  def hidden_features(self, x, labels=None, training=False):
    h = self.flatten(x)
    if not self.projection:
      h = ops.concatenate([h, ops.one_hot(labels, self.num_classes, dtype=h.dtype)], axis=-1)
    return self.features(h, training)

  def head(self, h, labels=None, training=False):
    logit = ops.squeeze(self.logit(h), axis=-1)
    if self.projection:  # the hidden units (not the minibatch features after them)
      logit = logit + ops.sum(self.embed(labels) * h[:, :self.hidden_units[-1]], axis=-1)
    return logit

  def get_config(self):
    return {**super().get_config(), "num_classes": self.num_classes,
            "projection": self.projection}


def build(model_config, image_shape):
  """Builds (generator, discriminator) from `config.model`."""
  generator = ConditionalMLPGenerator(
      model_config.latent_dim, image_shape, model_config.num_classes,
      hidden_units=model_config.g_hidden, prior=model_config.prior,
      init_scale=model_config.g_init, name="generator")
  discriminator = ConditionalMaxoutDiscriminator(
      model_config.num_classes, hidden_units=model_config.d_hidden,
      pieces=model_config.d_pieces, dropout=model_config.dropout,
      input_dropout=model_config.input_dropout, init_scale=model_config.d_init,
      projection=model_config.projection, name="discriminator")
  return generator, discriminator


for _name, _dataset, _kind in (("mnist_cgan", "mnist", "concat"),
                               ("fashion_mnist_cgan", "fashion_mnist", "concat"),
                               ("mnist_cgan_projection", "mnist", "projection")):
  registry.register(_name, dataset=_dataset, architecture=f"conditional mlp ({_kind} D)",
                    paper=PAPERS[_kind])(build)
