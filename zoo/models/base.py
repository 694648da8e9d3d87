"""Base classes fixing the contract every architecture family follows.

Generator: z [batch, latent_dim] drawn from `prior` -> images [batch, H, W, C] in [0, 1].
Discriminator: images [batch, H, W, C] in [0, 1] -> logits [batch], D(x) = sigmoid(logits).
"""
import keras

PRIORS = ("uniform", "normal")


class Generator(keras.Model):
  """A generator with a latent prior p(z): uniform on [-1, 1]^d or standard normal."""

  def __init__(self, latent_dim, image_shape, prior="uniform", **kwargs):
    super().__init__(**kwargs)
    if latent_dim <= 0:
      raise ValueError(f"latent_dim must be positive, got {latent_dim}.")
    if prior not in PRIORS:
      raise ValueError(f"prior must be one of {PRIORS}, got {prior!r}.")
    self.latent_dim = int(latent_dim)
    self.image_shape = tuple(int(d) for d in image_shape)
    self.prior = prior

  def sample_latent(self, batch_size, seed=None):
    """Draws z ~ p(z); `seed` is a keras.random.SeedGenerator or an int."""
    shape = (batch_size, self.latent_dim)
    if self.prior == "uniform":
      return keras.random.uniform(shape, minval=-1.0, maxval=1.0, seed=seed)
    return keras.random.normal(shape, seed=seed)

  def get_config(self):
    config = super().get_config()
    config.update(latent_dim=self.latent_dim, image_shape=list(self.image_shape),
                  prior=self.prior)
    return config


class Discriminator(keras.Model):
  """A discriminator returning one logit per image."""
