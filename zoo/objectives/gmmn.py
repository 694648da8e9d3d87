"""The GMMN keras.Model (Li, Swersky & Zemel 2015): G is trained directly by MMD between
its samples and the data (losses.mmd_generator_loss), with no discriminator.

With an encoder (GMMN+AE), each step also trains the autoencoder (encoder + G's decoder)
on the reconstruction of the batch, and MMD compares codes: G's codes against the
encoder's codes of the real batch (held fixed for G's update). The paper trains the
autoencoder first; here both train from the start, so G follows the codes as they settle.
Under N replicas each replica estimates MMD on its share of the batch and the gradients
are averaged: the mean of N per-replica estimates, not one estimate on the whole batch.
"""
import keras
import tensorflow as tf

from zoo.objectives import losses
from zoo.objectives.generative import GenerativeModel


@keras.saving.register_keras_serializable(package="zoo")
class GMMN(GenerativeModel):
  """`call(z)` is the generator."""

  NETWORKS = ("generator", "encoder")

  def __init__(self, generator, encoder=None, bandwidths=(2, 5, 10, 20, 40, 80), seed=0,
               ema_decay=0.0, **kwargs):
    super().__init__(generator, seed=seed, ema_decay=ema_decay, **kwargs)
    self.encoder = encoder
    self.bandwidths = tuple(float(b) for b in bandwidths)
    self.mmd_tracker = keras.metrics.Mean(name="mmd")
    self.ae_tracker = keras.metrics.Mean(name="ae_loss")

  @property
  def auxiliary(self):
    return self.encoder

  @property
  def metrics(self):
    return [self.mmd_tracker] + ([self.ae_tracker] if self.encoder is not None else [])

  def _auxiliary_variables(self):
    # The autoencoder's optimizer updates the encoder and G's decoder.
    return self.encoder.trainable_variables + self.generator.decoder_variables

  def _autoencoder_step(self, real):
    variables = self._auxiliary_variables()
    with tf.GradientTape() as tape:
      logits = tf.cast(self.generator.decoder_logits(self.encoder(real, training=True)),
                       tf.float32)
      per_pixel = tf.nn.sigmoid_cross_entropy_with_logits(labels=real, logits=logits)
      per_example = tf.reduce_sum(tf.reshape(per_pixel, [tf.shape(real)[0], -1]), axis=1)
      loss = tf.nn.compute_average_loss(per_example)
      scaled = self.d_optimizer.scale_loss(loss)
    self._apply(self.d_optimizer, scaled, variables, tape)
    self.ae_tracker.update_state(self._replica_share_to_mean(loss))

  def train_step(self, data):
    real = data[0] if isinstance(data, (tuple, list)) else data
    if self.encoder is not None:
      self._autoencoder_step(real)
      target = tf.stop_gradient(tf.cast(self.encoder(real, training=False), tf.float32))
      variables = self.generator.code_variables
    else:
      target, variables = real, self.generator.trainable_variables
    z = self._noise(real, salt=999)
    replicas = tf.distribute.get_strategy().num_replicas_in_sync
    with tf.GradientTape() as tape:
      fake = (tf.cast(self.generator.code(z), tf.float32) if self.encoder is not None
              else self._generate(z))
      mmd = losses.mmd_generator_loss(target, fake, self.bandwidths)
      loss = mmd / replicas  # gradients are summed over replicas: this averages them
      scaled = self.g_optimizer.scale_loss(loss)
    self._apply(self.g_optimizer, scaled, variables, tape)
    self._after_generator_step()
    self.mmd_tracker.update_state(mmd)
    return self._logs()

  def get_config(self):
    return {**super().get_config(), "bandwidths": list(self.bandwidths)}
