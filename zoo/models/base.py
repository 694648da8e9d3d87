"""Base classes fixing the contract every architecture family follows.

Generator: z [batch, latent_dim] drawn from `prior` -> images [batch, H, W, C] in [0, 1].
Discriminator: images [batch, H, W, C] in [0, 1] -> logits [batch], D(x) = sigmoid(logits).
Conditional models (num_classes > 0) also take `labels` int [batch] in [0, num_classes);
unconditional ones accept `labels=None` so that callers need no special case.
Translator (image-to-image): images [batch, h, w, c] in [0, 1] -> images [batch, H, W, C]
in [0, 1]; its discriminator follows the Discriminator contract on [batch, H, W, C].
"""
import keras

from zoo import priors
from zoo.models.layers import BatchNormalization, MinibatchDiscrimination
from zoo.models.virtual_batch_norm import VirtualBatchNormalization
from zoo.priors import PRIORS

_REFERENCE_SEED = 1606  # the reference batch is one fixed draw (arXiv:1606.03498)


class Generator(keras.Model):
  """A generator with a latent prior p(z): uniform on [-1, 1]^d or standard normal.

  `virtual_batch_norm` = N > 0 swaps the family's batch norm for virtual batch norm
  (virtual_batch_norm.py) with a reference batch of N latents drawn once and kept as a
  weight; families that support it build their norms with `norm_layer(name)` and wrap
  their layers in `with_reference(z)` ... `without_reference(output)`.
  """

  supports_virtual_batch_norm = False

  def __init__(self, latent_dim, image_shape, prior="uniform", num_classes=0,
               virtual_batch_norm=0, **kwargs):
    super().__init__(**kwargs)
    self.num_classes = int(num_classes)
    if latent_dim <= 0:
      raise ValueError(f"latent_dim must be positive, got {latent_dim}.")
    if prior not in PRIORS:
      raise ValueError(f"prior must be one of {PRIORS}, got {prior!r}.")
    self.latent_dim = int(latent_dim)
    self.image_shape = tuple(int(d) for d in image_shape)
    self.prior = prior
    self.virtual_batch_norm = int(virtual_batch_norm)
    if self.virtual_batch_norm:
      if not self.supports_virtual_batch_norm or self.num_classes:
        raise ValueError(
            f"virtual batch norm is built for the unconditional generators of the dcgan and "
            f"points families, not {type(self).__name__} (num_classes={self.num_classes}): "
            f"set gan.virtual_batch_norm=0.")
      initializer = (keras.initializers.RandomUniform(-1.0, 1.0, seed=_REFERENCE_SEED)
                     if prior == "uniform" else keras.initializers.RandomNormal(
                         seed=_REFERENCE_SEED))
      self.reference_z = self.add_weight(
          shape=(self.virtual_batch_norm, self.latent_dim), initializer=initializer,
          trainable=False, name="reference_z")

  def norm_layer(self, name, momentum=0.99, epsilon=1e-3):
    """The family's batch norm: virtual when `virtual_batch_norm` is on. `momentum` is that of
    the moving statistics that inference uses; `epsilon` is added to the batch variance
    (Keras's 1e-3 by default). Virtual batch norm keeps no moving statistics and its own
    epsilon, so it ignores both."""
    if self.virtual_batch_norm:
      return VirtualBatchNormalization(self.virtual_batch_norm, name=name)
    return BatchNormalization(momentum=momentum, epsilon=epsilon, name=name)

  def with_reference(self, z):
    """z with the reference latents prepended (as is without virtual batch norm)."""
    if not self.virtual_batch_norm:
      return z
    return keras.ops.concatenate([keras.ops.cast(self.reference_z, z.dtype), z], axis=0)

  def without_reference(self, outputs):
    """The rows of `outputs` that belong to the caller's z."""
    return outputs[self.virtual_batch_norm:] if self.virtual_batch_norm else outputs

  @property
  def _default_save_signature(self):
    # SavedModel writers trace Keras's default one-input signature; a conditional G takes
    # labels too, and zoo's exports define their own signatures (zoo/signatures.py).
    return None if self.num_classes else super()._default_save_signature

  def sample_latent(self, batch_size, seed=None):
    """Draws z ~ p(z); `seed` is a keras.random.SeedGenerator or an int."""
    return priors.sample(self.prior, (batch_size, self.latent_dim), seed)

  def get_config(self):
    config = super().get_config()
    config.update(latent_dim=self.latent_dim, image_shape=list(self.image_shape),
                  prior=self.prior, num_classes=self.num_classes,
                  virtual_batch_norm=self.virtual_batch_norm)
    return config


class Translator(keras.Model):
  """An image-to-image generator: `source_shape` [h, w, c] -> `image_shape` [H, W, C]."""

  num_classes = 0  # translators take no labels; the loop and the exports ask

  def __init__(self, source_shape, image_shape, **kwargs):
    super().__init__(**kwargs)
    self.source_shape = tuple(int(d) for d in source_shape)
    self.image_shape = tuple(int(d) for d in image_shape)

  def get_config(self):
    return {**super().get_config(), "source_shape": list(self.source_shape),
            "image_shape": list(self.image_shape)}


class Discriminator(keras.Model):
  """A discriminator returning one logit per image.

  Families define `hidden_features(x, labels, training)`, D's last hidden layer [batch, F]
  (the layer feature matching matches), and `head(h, labels, training)`, the logit from
  it; `call` joins them, with minibatch discrimination in between when it is on.
  """

  def __init__(self, minibatch_kernels=0, minibatch_dims=5, **kwargs):
    """`minibatch_kernels` > 0 appends minibatch features (layers.MinibatchDiscrimination,
    that many kernels of `minibatch_dims` dimensions) to the hidden features."""
    super().__init__(**kwargs)
    self.minibatch_kernels, self.minibatch_dims = int(minibatch_kernels), int(minibatch_dims)
    self.minibatch = (MinibatchDiscrimination(self.minibatch_kernels, self.minibatch_dims,
                                              name="minibatch")
                      if self.minibatch_kernels else None)

  def hidden_features(self, x, labels=None, training=False):
    raise NotImplementedError

  def head(self, h, labels=None, training=False):
    raise NotImplementedError

  def initialize_minibatch(self, x, labels=None):
    """The minibatch layer's data-dependent init (layers.MinibatchDiscrimination) on real
    inputs `x`, their features computed as in training (improved-gan's init pass)."""
    if self.minibatch is not None:
      self.minibatch.initialize_from_data(self.hidden_features(x, labels, training=True))

  def call(self, x, labels=None, training=False):
    h = self.hidden_features(x, labels, training)
    if self.minibatch is not None:
      h = self.minibatch(h)
    return self.head(h, labels, training)

  def get_config(self):
    return {**super().get_config(), "minibatch_kernels": self.minibatch_kernels,
            "minibatch_dims": self.minibatch_dims}


def with_minibatch_discrimination(discriminator, kernels, dims=5):
  """An unbuilt copy of an unbuilt `discriminator` with minibatch discrimination (made
  from its config, so its layers are created in the order a loader creates them)."""
  return _rebuilt(discriminator, minibatch_kernels=kernels, minibatch_dims=dims)


def with_virtual_batch_norm(generator, reference_size):
  """An unbuilt copy of an unbuilt `generator` with virtual batch norm (a reference batch
  of `reference_size` latents)."""
  return _rebuilt(generator, virtual_batch_norm=reference_size)


def _rebuilt(model, **fields):
  return type(model).from_config({**model.get_config(), **fields})
