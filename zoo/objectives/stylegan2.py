"""StyleGAN2's training (Karras et al. 2020, arXiv:1912.04958) on the zoo's GAN loop: the
non-saturating logistic loss of the config, plus

- lazy R1 (Mescheder et al. 2018): gamma/2 E||grad_x D(x)||^2 on the reals D sees, added
  every `r1_interval` D steps and multiplied by the interval, so its average weight is
  unchanged (the paper's lazy regularization, section 4);
- lazy path-length regularization: (||J_w^T y|| - a)^2, y ~ N(0, I) / sqrt(H W) over G's
  images in [-1, 1], a the running mean of the lengths (decay `pl_decay`), on half the
  batch every `pl_interval` G steps, times the interval;
- style mixing: with probability `mixing_prob` an image takes the styles of a second
  latent from a random layer on (per image; NVIDIA draws once per batch);
- fresh per-layer noise in every training step (exports use the fixed noise in G).
Randomness comes from the model's per-replica seeds (GenerativeModel._seed).
"""
import keras
import tensorflow as tf

from zoo.objectives import losses
from zoo.objectives.gan import GAN


@keras.saving.register_keras_serializable(package="zoo")
class StyleGAN2(GAN):
  """A GAN whose G is models/stylegan2.StyleGAN2Generator."""

  def __init__(self, generator, discriminator, r1_gamma=10.0, r1_interval=16,
               pl_weight=2.0, pl_interval=4, pl_decay=0.01, mixing_prob=0.9, **kwargs):
    super().__init__(generator, discriminator, **kwargs)
    self.r1_gamma, self.r1_interval = float(r1_gamma), int(r1_interval)
    self.pl_weight, self.pl_interval = float(pl_weight), int(pl_interval)
    self.pl_decay, self.mixing_prob = float(pl_decay), float(mixing_prob)
    self.pl_mean = self.add_weight(shape=(), name="pl_mean", initializer="zeros",
                                   trainable=False, aggregation="mean")

  def checkpoint_items(self):
    return {**super().checkpoint_items(), "pl_mean": self.pl_mean}

  def _uniforms(self, z, n, salt):
    """Uniforms [B, n] for the style mixing of the latents z (a hook for tests)."""
    return tf.random.stateless_uniform([tf.shape(z)[0], n], self._seed(3000 + salt))

  def _layer_noise(self, z, shapes, salt):
    """One N(0, 1) noise [B, h, w, 1] per noise input of G (a hook for tests)."""
    return [tf.random.stateless_normal([tf.shape(z)[0], h, w, 1], self._seed(4000 + salt + i))
            for i, (h, w) in enumerate(shapes)]

  def _path_noise(self, z, shape, salt):
    """y ~ N(0, I) [B, H, W, C] for the path lengths of the latents z (a hook for tests)."""
    return tf.random.stateless_normal(tf.concat([tf.shape(z)[:1], shape], 0),
                                      self._seed(6000 + salt))

  def _styles(self, z, labels, salt=0, update=True):
    """ws [B, num_ws, w_dim] with style mixing: image b takes the second latent's styles
    from layer `cutoff` on, with probability mixing_prob. `update`: w_avg follows."""
    g = self.generator
    ws = g.styles(z, labels, training=True, update_w_avg=update)
    if not self.mixing_prob:
      return ws
    u = self._uniforms(z, 2, salt)
    second = g.styles(self._noise(z, 5000 + salt), labels, training=True, update_w_avg=update)
    cutoff = 1 + tf.cast(u[:, 1] * (g.num_ws - 1), tf.int32)  # in [1, num_ws)
    cutoff = tf.where(u[:, 0] < self.mixing_prob, cutoff, g.num_ws)
    take_second = tf.range(g.num_ws)[None, :] >= cutoff[:, None]
    return tf.where(take_second[:, :, None], second, ws)

  def _generate(self, z, labels=None, training=True):
    if not training:
      return super()._generate(z, labels, training)
    ws = self._styles(z, labels)
    noise = self._layer_noise(z, self.generator.noise_shapes(), 0)
    return tf.cast(self.generator.synthesize(ws, noise, training=True), tf.float32)

  def _d_regularizer(self, critic, real, fake, salt):
    base = super()._d_regularizer(critic, real, fake, salt)
    if not self.r1_gamma:
      return base
    due = tf.equal(self.d_optimizer.iterations % self.r1_interval, 0)
    r1 = tf.cond(due, lambda: losses.r1_penalty(critic, real),
                 lambda: tf.zeros(tf.shape(real)[:1]))
    return base + 0.5 * self.r1_gamma * self.r1_interval * r1

  def _g_regularizer(self, z, labels):
    if not self.pl_weight:
      return 0.0
    due = tf.equal(self.g_optimizer.iterations % self.pl_interval, 0)
    penalty, mean = tf.cond(due, lambda: self._path_length(z, labels),
                            lambda: (0.0, tf.identity(self.pl_mean)))
    # Outside the cond: a cross-replica update cannot run inside one ("mean" aggregation:
    # the global batch's mean; unchanged on the other steps).
    self.pl_mean.assign(mean)
    return penalty

  def _path_length(self, z, labels):
    """(pl_weight * interval * mean (||J^T y|| - a)^2 on every other latent of z (half the
    batch, as NVIDIA's; every other, so replicas take the same ones as one device), as this
    replica's share of the global mean; the new running mean a)."""
    z, labels = z[::2], (labels[::2] if labels is not None else None)
    ws = self._styles(z, labels, salt=7, update=False)
    noise = self._layer_noise(z, self.generator.noise_shapes(), 7)
    y = self._path_noise(z, self.generator.image_shape, 7)
    lengths = losses.path_lengths(self.generator, ws, noise, y)
    mean = tf.stop_gradient(self.pl_mean + self.pl_decay * (tf.reduce_mean(lengths)
                                                             - self.pl_mean))
    penalty = tf.square(lengths - mean)
    replicas = tf.distribute.get_strategy().num_replicas_in_sync
    return self.pl_weight * self.pl_interval * tf.reduce_mean(penalty) / replicas, mean

  def get_config(self):
    return {**super().get_config(), "r1_gamma": self.r1_gamma,
            "r1_interval": self.r1_interval, "pl_weight": self.pl_weight,
            "pl_interval": self.pl_interval, "pl_decay": self.pl_decay,
            "mixing_prob": self.mixing_prob}
