"""The latent priors p(z), defined once for training, sampling, exports and clients:
`uniform` on [-1, 1]^d, or `normal`, the standard Gaussian N(0, I)."""
PRIORS = ("uniform", "normal")


def _check(prior):
  if prior not in PRIORS:
    raise ValueError(f"prior must be one of {PRIORS}, got {prior!r}.")


def sample(prior, shape, seed=None):
  """z ~ p(z) with Keras's RNG; `seed` is an int or a keras.random.SeedGenerator."""
  import keras
  _check(prior)
  if prior == "uniform":
    return keras.random.uniform(shape, minval=-1.0, maxval=1.0, seed=seed)
  return keras.random.normal(shape, seed=seed)


def sample_stateless(prior, shape, seed):
  """z ~ p(z) from a stateless seed (two integers): the same seed gives the same z, in a
  train step on any replica or in an exported graph."""
  import tensorflow as tf
  _check(prior)
  if prior == "uniform":
    return tf.random.stateless_uniform(shape, seed, minval=-1.0, maxval=1.0)
  return tf.random.stateless_normal(shape, seed)


def sample_numpy(prior, shape, seed=0):
  """z ~ p(z) as a float32 numpy array, for clients that hold no model."""
  import numpy as np
  _check(prior)
  rng = np.random.default_rng(seed)
  if prior == "uniform":
    return rng.uniform(-1, 1, shape).astype(np.float32)
  return rng.standard_normal(shape).astype(np.float32)
