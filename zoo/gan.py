"""The GAN keras.Model: k discriminator steps, then one generator step (Goodfellow et al.
2014, Algorithm 1), with two optimizers and Keras metrics.

Each batch fed to `fit` holds k * m real images (k = d_steps); D step i uses slice i. Every
loss is averaged over the *global* batch (tf.nn.compute_average_loss), so N replicas under a
tf.distribute strategy make the same update as one replica on the whole batch.
"""
import keras
import tensorflow as tf

from zoo import losses


@keras.saving.register_keras_serializable(package="zoo")
class GAN(keras.Model):
  """Adversarial pair. `call(z)` is the generator, so the GAN exports like one."""

  def __init__(self, generator, discriminator, generator_loss="non_saturating",
               discriminator_loss="minimax", d_steps=1, seed=0, **kwargs):
    super().__init__(**kwargs)
    self.generator = generator
    self.discriminator = discriminator
    self.generator_loss = generator_loss
    self.discriminator_loss = discriminator_loss
    self.g_loss_fn = losses.GENERATOR_LOSSES[generator_loss]
    self.d_loss_fn = losses.DISCRIMINATOR_LOSSES[discriminator_loss]
    self.d_steps = int(d_steps)
    self.seed_generator = keras.random.SeedGenerator(seed, name="noise_seed")
    self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
    self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
    self.d_real_tracker = keras.metrics.Mean(name="d_real")  # mean D(x)
    self.d_fake_tracker = keras.metrics.Mean(name="d_fake")  # mean D(G(z))

  def compile(self, d_optimizer, g_optimizer, **kwargs):
    super().compile(**kwargs)
    self.d_optimizer = d_optimizer
    self.g_optimizer = g_optimizer

  @property
  def metrics(self):
    return [self.d_loss_tracker, self.g_loss_tracker, self.d_real_tracker, self.d_fake_tracker]

  @property
  def step(self):
    """Training steps taken (one per generator update); restored with the optimizers."""
    return self.g_optimizer.iterations

  def build_all(self, image_shape):
    """Creates G, D and both optimizers' variables: `fit` under MirroredStrategy needs them
    to exist before the train function is traced (shared/notes, traps 1 and 2)."""
    z = self.generator.sample_latent(2, seed=0)
    self.generator(z)
    self.discriminator(keras.ops.zeros((2, *image_shape)))
    self.d_optimizer.build(self.discriminator.trainable_variables)
    self.g_optimizer.build(self.generator.trainable_variables)
    self.built = True

  def call(self, z, training=False):
    return self.generator(z, training=training)

  def _d_step(self, real):
    z = self.generator.sample_latent(tf.shape(real)[0], seed=self.seed_generator)
    fake = self.generator(z, training=True)
    with tf.GradientTape() as tape:
      real_logits = self.discriminator(real, training=True)
      fake_logits = self.discriminator(fake, training=True)
      d_loss = tf.nn.compute_average_loss(self.d_loss_fn(real_logits, fake_logits))
    variables = self.discriminator.trainable_variables
    self.d_optimizer.apply(tape.gradient(d_loss, variables), variables)
    return d_loss, real_logits, fake_logits

  def _g_step(self, batch_size):
    z = self.generator.sample_latent(batch_size, seed=self.seed_generator)
    with tf.GradientTape() as tape:
      fake_logits = self.discriminator(self.generator(z, training=True), training=True)
      g_loss = tf.nn.compute_average_loss(self.g_loss_fn(fake_logits))
    variables = self.generator.trainable_variables
    self.g_optimizer.apply(tape.gradient(g_loss, variables), variables)
    return g_loss

  def train_step(self, data):
    real = data[0] if isinstance(data, (tuple, list)) else data
    for real_i in tf.split(real, self.d_steps):
      d_loss, real_logits, fake_logits = self._d_step(real_i)
    g_loss = self._g_step(tf.shape(real)[0] // self.d_steps)
    # The losses are this replica's share of the global mean; the trackers want its own mean.
    replicas = tf.cast(tf.distribute.get_strategy().num_replicas_in_sync, d_loss.dtype)
    self.d_loss_tracker.update_state(d_loss * replicas)
    self.g_loss_tracker.update_state(g_loss * replicas)
    self.d_real_tracker.update_state(tf.sigmoid(real_logits))
    self.d_fake_tracker.update_state(tf.sigmoid(fake_logits))
    return {m.name: m.result() for m in self.metrics}

  def get_config(self):
    config = super().get_config()
    config.update(
        generator=keras.saving.serialize_keras_object(self.generator),
        discriminator=keras.saving.serialize_keras_object(self.discriminator),
        generator_loss=self.generator_loss, discriminator_loss=self.discriminator_loss,
        d_steps=self.d_steps)
    return config

  @classmethod
  def from_config(cls, config):
    config["generator"] = keras.saving.deserialize_keras_object(config["generator"])
    config["discriminator"] = keras.saving.deserialize_keras_object(config["discriminator"])
    return cls(**config)
