"""Semi-supervised GAN of Salimans et al. 2016, "Improved Techniques for Training GANs",
section 5: the MNIST networks of openai/improved-gan `train_mnist_feature_matching.py`.

G: z (100-d, uniform) -> 500 -> 500 (batch norm, softplus) -> 784 sigmoid (weight norm).
D: a K-class classifier: Gaussian noise (std 0.3) on the input, then weight-normalized
ReLU layers of 1000, 500, 250, 250, 250 units, each followed by Gaussian noise (std 0.5),
then K logits l_k. G matches the mean of the last 250 units before their noise. Its one GAN logit is log Z(x), Z = sum_k exp(l_k), so that
D(x) = sigmoid(log Z) = Z / (Z + 1), the paper's D(x) with a (K+1)-th "fake" logit fixed
at 0. Images [batch, 28, 28, 1] in [0, 1] in and out, as every family (models/base.py).
"""
import math

import keras
from keras import ops

from zoo.models import base, registry
from zoo.models.weight_norm import WeightNormDense

PAPER = ("Salimans et al. 2016, Improved Techniques for Training GANs, section 5 "
         "(arXiv:1606.03498)")


@keras.saving.register_keras_serializable(package="zoo")
class SSGANGenerator(base.Generator):
  """z [batch, latent_dim] -> images [batch, *image_shape] in [0, 1]."""

  def __init__(self, latent_dim, image_shape, hidden_units=(500, 500), prior="uniform",
               output_init="normal", **kwargs):
    """`output_init`: how the pixel layer's v starts, "normal" (N(0, 0.1^2), weight_norm's
    default) or "glorot_uniform" (improved-gan's: a Lasagne DenseLayer in nn.l2normalize)."""
    super().__init__(latent_dim, image_shape, prior, **kwargs)
    self.hidden_units = tuple(int(u) for u in hidden_units)
    if output_init not in ("normal", "glorot_uniform"):
      raise ValueError(f"output_init must be 'normal' or 'glorot_uniform', got {output_init!r}.")
    self.output_init = output_init
    # Lasagne's batch_norm(Dense): no bias, a batch norm without scale, then the softplus.
    self.hidden = [(keras.layers.Dense(u, use_bias=False, name=f"hidden_{i}"),
                    keras.layers.BatchNormalization(scale=False, name=f"norm_{i}"))
                   for i, u in enumerate(self.hidden_units)]
    self.out = WeightNormDense(math.prod(self.image_shape), activation="sigmoid",
                               train_scale=True, name="pixels",
                               v_initializer=None if output_init == "normal" else output_init)
    self.to_image = keras.layers.Reshape(self.image_shape)

  def call(self, z, labels=None, training=False):
    h = z
    for dense, norm in self.hidden:
      h = ops.softplus(norm(dense(h), training=training))
    return self.to_image(self.out(h))

  def get_config(self):
    return {**super().get_config(), "hidden_units": list(self.hidden_units),
            "output_init": self.output_init}


@keras.saving.register_keras_serializable(package="zoo")
class SSGANDiscriminator(base.Discriminator):
  """images -> log Z(x) [batch] (`call`), or the K class logits [batch, K] (`classify`)."""

  def __init__(self, num_classes=10, hidden_units=(1000, 500, 250, 250, 250),
               input_noise=0.3, hidden_noise=0.5, **kwargs):
    super().__init__(**kwargs)
    self.num_classes = int(num_classes)
    self.hidden_units = tuple(int(u) for u in hidden_units)
    self.input_noise, self.hidden_noise = float(input_noise), float(hidden_noise)
    self.flatten = keras.layers.Flatten()
    self.noise_in = keras.layers.GaussianNoise(self.input_noise)
    self.hidden = [WeightNormDense(u, activation="relu", name=f"hidden_{i}")
                   for i, u in enumerate(self.hidden_units)]
    self.noises = [keras.layers.GaussianNoise(self.hidden_noise) for _ in self.hidden_units]
    self.logits = WeightNormDense(self.num_classes, train_scale=True, name="class_logits")

  def hidden_features(self, x, labels=None, training=False):
    """The last hidden layer before its noise: the layer improved-gan's G matches
    (`layers[-3]`)."""
    h = self.noise_in(self.flatten(x), training=training)
    for i, dense in enumerate(self.hidden):
      h = dense(h) if i == 0 else dense(self.noises[i - 1](h, training=training))
    return h

  def classify(self, x, training=False):
    """The K class logits l_k(x)."""
    return self._class_logits(self.hidden_features(x, training=training), training)

  def _class_logits(self, h, training):
    return self.logits(self.noises[-1](h, training=training))

  def head(self, h, labels=None, training=False):
    return ops.logsumexp(self._class_logits(h, training), axis=-1)  # log Z(x)

  def initialize_from_data(self, x):
    """Weight norm's data-dependent init (Salimans & Kingma 2016), as improved-gan does on
    its first 500 training images with the noise on: each layer's pre-activations, noise
    included, get mean 0 and std 1."""
    h = self.noise_in(self.flatten(x), training=True)
    for layer, noise in zip((*self.hidden, self.logits), (*self.noises, None)):
      h = layer.initialize_from_data(h)
      h = h if noise is None else noise(h, training=True)

  def get_config(self):
    return {**super().get_config(), "num_classes": self.num_classes,
            "hidden_units": list(self.hidden_units), "input_noise": self.input_noise,
            "hidden_noise": self.hidden_noise}


def build(model_config, image_shape):
  """(generator, discriminator) from `config.model`."""
  generator = SSGANGenerator(model_config.latent_dim, image_shape,
                             hidden_units=model_config.g_hidden, prior=model_config.prior,
                             output_init=model_config.get("g_output_init", "normal"),
                             name="generator")
  discriminator = SSGANDiscriminator(
      num_classes=model_config.num_classes, hidden_units=model_config.d_hidden,
      input_noise=model_config.input_noise, hidden_noise=model_config.hidden_noise,
      name="discriminator")
  return generator, discriminator


registry.register("mnist_ssgan", dataset="mnist", architecture="mlp (weight-norm K-class D)",
                  paper=PAPER)(build)
