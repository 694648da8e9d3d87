"""Base classes fixing the contract every architecture family follows.

Generator: z [batch, latent_dim] drawn from `prior` -> images [batch, H, W, C] in [0, 1].
Discriminator: images [batch, H, W, C] in [0, 1] -> logits [batch], D(x) = sigmoid(logits).
Conditional models (num_classes > 0) also take `labels` int [batch] in [0, num_classes);
unconditional ones accept `labels=None` so that callers need no special case.
"""
import keras

from zoo import priors
from zoo.priors import PRIORS


class Generator(keras.Model):
  """A generator with a latent prior p(z): uniform on [-1, 1]^d or standard normal."""

  def __init__(self, latent_dim, image_shape, prior="uniform", num_classes=0, **kwargs):
    super().__init__(**kwargs)
    self.num_classes = int(num_classes)
    if latent_dim <= 0:
      raise ValueError(f"latent_dim must be positive, got {latent_dim}.")
    if prior not in PRIORS:
      raise ValueError(f"prior must be one of {PRIORS}, got {prior!r}.")
    self.latent_dim = int(latent_dim)
    self.image_shape = tuple(int(d) for d in image_shape)
    self.prior = prior

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
                  prior=self.prior, num_classes=self.num_classes)
    return config


class Discriminator(keras.Model):
  """A discriminator returning one logit per image."""
