"""Fully connected GAN of Goodfellow et al. 2014, "Generative Adversarial Nets".

G: z (100-d) -> ReLU 1200 -> ReLU 1200 -> sigmoid pixels, reshaped to the image shape.
D: input dropout -> maxout 240x5 -> dropout -> maxout 240x5 -> dropout -> 1 logit
(the paper's MNIST model, github.com/goodfeli/adversarial mnist.yaml).
Weights start uniform in [-g_init, g_init] (0.05) and [-d_init, d_init] (0.005) as in that
config: with Keras's default Glorot init D wins at once here and G collapses to one mode.
"""
import math

import keras
import numpy as np

from zoo.models import registry
from zoo.models import base
from zoo.models.layers import Maxout

PAPER = "Goodfellow et al. 2014, Generative Adversarial Nets (arXiv:1406.2661)"


@keras.saving.register_keras_serializable(package="zoo")
class MLPGenerator(base.Generator):
  """z [batch, latent_dim] -> images [batch, *image_shape] in [0, 1]."""

  def __init__(self, latent_dim, image_shape, hidden_units=(1200, 1200), prior="uniform",
               init_scale=0.05, **kwargs):
    super().__init__(latent_dim, image_shape, prior, **kwargs)
    self.hidden_units = tuple(int(u) for u in hidden_units)
    self.init_scale = float(init_scale)
    init = lambda: keras.initializers.RandomUniform(-self.init_scale, self.init_scale)
    self.hidden = [keras.layers.Dense(u, activation="relu", kernel_initializer=init(),
                                      name=f"hidden_{i}")
                   for i, u in enumerate(self.hidden_units)]
    self.out = keras.layers.Dense(math.prod(self.image_shape), activation="sigmoid",
                                  kernel_initializer=init(), name="pixels")
    self.to_image = keras.layers.Reshape(self.image_shape)

  def init_output_bias(self, mean_image):
    """Sets the sigmoid's bias to logit(mean pixel), so G starts at the data's marginals
    (pylearn2's init_sigmoid_bias_from_marginals, used by the paper's MNIST config)."""
    p = np.clip(np.asarray(mean_image, np.float32).reshape(-1), 1e-3, 1 - 1e-3)
    self.out.bias.assign(np.log(p / (1 - p)))

  def call(self, z, labels=None, training=False):
    h = z
    for layer in self.hidden:
      h = layer(h)
    return self.to_image(self.out(h))

  def get_config(self):
    config = super().get_config()
    config.update(hidden_units=list(self.hidden_units), init_scale=self.init_scale)
    return config


@keras.saving.register_keras_serializable(package="zoo")
class MaxoutDiscriminator(base.Discriminator):
  """images [batch, H, W, C] -> logits [batch]; maxout hidden layers with dropout."""

  def __init__(self, hidden_units=(240, 240), pieces=5, dropout=0.5, input_dropout=0.2,
               init_scale=0.005, **kwargs):
    super().__init__(**kwargs)
    self.init_scale = float(init_scale)
    init = lambda: keras.initializers.RandomUniform(-self.init_scale, self.init_scale)
    self.hidden_units = tuple(int(u) for u in hidden_units)
    self.pieces = int(pieces)
    self.dropout = float(dropout)
    self.input_dropout = float(input_dropout)
    self.flatten = keras.layers.Flatten()
    self.drop_in = keras.layers.Dropout(self.input_dropout)
    self.hidden = [Maxout(u, self.pieces, kernel_initializer=init(), name=f"maxout_{i}")
                   for i, u in enumerate(self.hidden_units)]
    self.drops = [keras.layers.Dropout(self.dropout) for _ in self.hidden_units]
    self.logit = keras.layers.Dense(1, kernel_initializer=init(), name="logit")

  def features(self, h, training=False):
    """The last maxout layer's output for flat inputs `h` (input dropout first)."""
    h = self.drop_in(h, training=training)
    for maxout, drop in zip(self.hidden, self.drops):
      h = drop(maxout(h), training=training)
    return h

  def hidden_features(self, x, labels=None, training=False):
    return self.features(self.flatten(x), training)

  def head(self, h, labels=None, training=False):
    return keras.ops.squeeze(self.logit(h), axis=-1)

  def get_config(self):
    config = super().get_config()
    config.update(hidden_units=list(self.hidden_units), pieces=self.pieces,
                  dropout=self.dropout, input_dropout=self.input_dropout,
                  init_scale=self.init_scale)
    return config


def build(model_config, image_shape):
  """Builds (generator, discriminator) from `config.model`."""
  generator = MLPGenerator(
      latent_dim=model_config.latent_dim, image_shape=image_shape,
      hidden_units=model_config.g_hidden, prior=model_config.prior,
      init_scale=model_config.g_init, name="generator")
  discriminator = MaxoutDiscriminator(
      hidden_units=model_config.d_hidden, pieces=model_config.d_pieces,
      dropout=model_config.dropout, input_dropout=model_config.input_dropout,
      init_scale=model_config.d_init, name="discriminator")
  return generator, discriminator


for _name, _dataset in (("mnist_mlp", "mnist"), ("fashion_mnist_mlp", "fashion_mnist")):
  registry.register(_name, dataset=_dataset, architecture="mlp (maxout D)", paper=PAPER)(build)
