"""The VAE keras.Model (Kingma & Welling 2014): encoder and decoder trained together on
the negative ELBO (losses.negative_elbo) with the reparameterization z = mean + sigma * e.

The decoder is the generator (sampled and exported like any G); `g_optimizer` trains it
and `d_optimizer` trains the encoder, both from one loss and one tape.
"""
import keras
import tensorflow as tf

from zoo.objectives import losses
from zoo.objectives.generative import GenerativeModel


@keras.saving.register_keras_serializable(package="zoo")
class VAE(GenerativeModel):
  """`call(z)` is the decoder."""

  NETWORKS = ("generator", "encoder")

  def __init__(self, generator, encoder, seed=0, ema_decay=0.0, **kwargs):
    super().__init__(generator, seed=seed, ema_decay=ema_decay, **kwargs)
    self.encoder = encoder
    self.loss_tracker = keras.metrics.Mean(name="neg_elbo")
    self.reconstruction_tracker = keras.metrics.Mean(name="reconstruction")
    self.kl_tracker = keras.metrics.Mean(name="kl")

  @property
  def auxiliary(self):
    return self.encoder

  def query_networks(self, discriminator=False):
    return {"encoder": self.encoder}

  @property
  def metrics(self):
    return [self.loss_tracker, self.reconstruction_tracker, self.kl_tracker]

  def train_step(self, data):
    real = data[0] if isinstance(data, (tuple, list)) else data
    eps = tf.random.stateless_normal((tf.shape(real)[0], self.generator.latent_dim),
                                     self._seed(0))
    decoder_vars = self.generator.trainable_variables
    encoder_vars = self.encoder.trainable_variables
    with tf.GradientTape() as tape:
      mean, log_var = (tf.cast(t, tf.float32) for t in self.encoder(real, training=True))
      z = mean + tf.exp(0.5 * log_var) * eps
      logits = tf.cast(self.generator.logits(z), tf.float32)
      reconstruction, kl = losses.negative_elbo(real, logits, mean, log_var)
      loss = tf.nn.compute_average_loss(reconstruction + kl)
    grads = tape.gradient(loss, decoder_vars + encoder_vars)
    self.g_optimizer.apply(grads[:len(decoder_vars)], decoder_vars)
    self.d_optimizer.apply(grads[len(decoder_vars):], encoder_vars)
    self._after_generator_step()
    self.loss_tracker.update_state(self._replica_share_to_mean(loss))
    self.reconstruction_tracker.update_state(reconstruction)
    self.kl_tracker.update_state(kl)
    return self._logs()
