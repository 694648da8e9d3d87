"""Re-estimates a generator's batch-norm moving statistics from training-mode calls on
latents of a stateless seed (the training run's random streams are left alone). Training
never reads these statistics; sampling, evaluation and export do."""
import keras
import tensorflow as tf

from zoo import priors


def batch_norms(network):
  """The network's batch-norm layers (those with moving statistics), outermost first."""
  return [layer for layer in network._flatten_layers(include_self=False)
          if isinstance(layer, keras.layers.BatchNormalization)]


def _calls(generator, batches, batch_size, seed, before_call=None):
  labels = None
  if generator.num_classes:
    labels = tf.range(batch_size, dtype=tf.int32) % generator.num_classes
  for i in range(batches):
    if before_call is not None:
      before_call(i)
    z = priors.sample_stateless(generator.prior, (batch_size, generator.latent_dim),
                                tf.constant([seed, i], tf.int64))
    generator(z, labels=labels, training=True)


def refresh(generator, batches, batch_size, seed):
  """`batches` training-mode calls; each moves the statistics by the layers' momentum
  (PacGAN's monitoring pass)."""
  _calls(generator, batches, batch_size, seed)


def standing(generator, batches, batch_size, seed):
  """Sets the statistics to the mean over `batches` calls of each batch's mean and variance,
  forgetting the old ones (BigGAN's "standing statistics", Brock et al. 2019): the
  population statistics of G at its current weights. Returns the number of layers set."""
  norms = batch_norms(generator)
  if not norms:
    return 0
  momenta = [norm.momentum for norm in norms]

  def average_in(i):  # batch i gets weight 1 / (i + 1): a running mean of the batches
    for norm in norms:
      norm.momentum = i / (i + 1)

  try:
    _calls(generator, batches, batch_size, seed, before_call=average_in)
  finally:
    for norm, momentum in zip(norms, momenta):
      norm.momentum = momentum
  return len(norms)
