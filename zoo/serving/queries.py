"""Inference queries on a trained generator by searching its latent space, in the graph:
`project` finds the z whose G(z) is closest to an image, `inpaint` the z whose G(z) agrees
with the known pixels and fills the rest from G(z).

Both run Adam on z (learning rate with a cosine ramp-down to 0 over `num_steps`) from
`restarts` starts per image and keep the start whose final loss is lowest, as the
StyleGAN2 projector does (Karras et al. 2020, projector.py) on w. A VAE export starts one
of them at the encoder's mean (amortized inference refined by optimization).

  project: loss = mean (G(z) - x)^2 + latent term
  inpaint: loss = context + prior (Yeh et al. 2017, "Semantic Image Inpainting with Deep
           Generative Models"): context = sum_i W_i |G(z)_i - y_i| / sum_i W_i over the
           known pixels i (M_i = 1). `context="yeh"`: the paper's W_i = M_i * (fraction of
           unknown pixels in the 7x7 window around i), so the known pixels next to the hole
           weigh most and those far from it not at all; `"uniform"` (the default, better
           here: README): W_i = M_i. prior = `prior_weight` * -log D(G(z)) (the
           non-saturating form of the paper's log(1 - D(G(z)))) when the export carries D,
           else the latent term.
  latent term: `latent_weight` * ||z||^2 / latent_dim for a Gaussian prior; a uniform
           prior instead clips z to its box [-1, 1] after every step.
"""
import math

import tensorflow as tf

from zoo import priors

WINDOW = 7
CONTEXTS = ("uniform", "yeh")


class LatentSearch:
  """Adam on z for a batch of images; `images` are checked by the caller (signatures)."""

  def __init__(self, generator, restarts=4, learning_rate=0.1, latent_weight=0.001,
               prior_weight=0.003, discriminator=None, encoder=None, context="uniform"):
    if context not in CONTEXTS:
      raise ValueError(f"context must be one of {CONTEXTS}, got {context!r}.")
    self.context = context
    self.generator = generator
    self.discriminator = discriminator
    self.encoder = encoder
    self.restarts = int(restarts)
    self.learning_rate = float(learning_rate)
    self.latent_weight = float(latent_weight)
    self.prior_weight = float(prior_weight)
    self._d = int(generator.latent_dim)
    self._prior = generator.prior

  def options(self):
    """What zoo.json records about the search."""
    return dict(restarts=self.restarts, learning_rate=self.learning_rate,
                latent_weight=self.latent_weight, prior_weight=self.prior_weight,
                context=self.context,
                discriminator=self.discriminator is not None,
                encoder_start=self.encoder is not None)

  def _starts(self, count, seed, known):
    """[count * restarts, d]: restart r of image i in row i * restarts + r."""
    seeds = tf.stack([seed, tf.constant(1, tf.int64)])
    z = priors.sample_stateless(self._prior, tf.stack([count, self.restarts, self._d]), seeds)
    if self.encoder is not None:
      mean = tf.cast(self.encoder(known, training=False)[0], tf.float32)
      z = tf.concat([mean[:, None, :], z[:, 1:, :]], axis=1)
    return tf.reshape(z, [-1, self._d])

  def _latent_term(self, z):
    if self._prior == "normal":
      return self.latent_weight * tf.reduce_sum(tf.square(z), -1) / self._d
    return tf.zeros([tf.shape(z)[0]])

  def _generate(self, z, labels):
    return tf.cast(self.generator(z, labels=labels, training=False), tf.float32)

  def _repeat(self, x):
    return None if x is None else tf.repeat(x, self.restarts, axis=0)

  def project(self, images, num_steps, seed, labels=None):
    """{z, images (G(z)), loss} for the best start of each image."""
    target, rlabels = self._repeat(images), self._repeat(labels)

    def loss_fn(z):
      error = tf.reduce_mean(tf.square(self._generate(z, rlabels) - target), axis=[1, 2, 3])
      return error + self._latent_term(z)

    return self._search(loss_fn, self._starts(tf.shape(images)[0], seed, images), num_steps,
                        rlabels)

  def inpaint(self, images, mask, num_steps, seed, labels=None):
    """{z, generated (G(z)), images (known pixels kept, the rest from G(z)), loss}."""
    weights = mask * tf.ones_like(images)  # broadcast over channels
    if self.context == "yeh":
      weights *= tf.nn.avg_pool2d(1.0 - mask, WINDOW, 1, "SAME")
    target, rweights, rlabels = (self._repeat(x) for x in (images, weights, labels))
    total = tf.maximum(tf.reduce_sum(rweights, axis=[1, 2, 3]), 1e-8)

    def loss_fn(z):
      fake = self._generate(z, rlabels)
      context = tf.reduce_sum(rweights * tf.abs(fake - target), axis=[1, 2, 3]) / total
      if self.discriminator is None:
        return context + self._latent_term(z)
      logits = tf.reshape(tf.cast(self.discriminator(fake, labels=rlabels, training=False),
                                  tf.float32), [-1])
      return context + self.prior_weight * tf.nn.softplus(-logits)

    out = self._search(loss_fn, self._starts(tf.shape(images)[0], seed, images * mask),
                       num_steps, rlabels)
    out["generated"] = out["images"]
    out["images"] = mask * images + (1.0 - mask) * out["generated"]
    return out

  def _search(self, loss_fn, z, num_steps, labels):
    beta_1, beta_2, epsilon = 0.9, 0.999, 1e-8
    steps = tf.cast(num_steps, tf.float32)

    def body(t, z, m, v):
      with tf.GradientTape() as tape:
        tape.watch(z)
        loss = tf.reduce_sum(loss_fn(z))  # the rows are independent: one gradient each
      g = tape.gradient(loss, z)
      m = beta_1 * m + (1.0 - beta_1) * g
      v = beta_2 * v + (1.0 - beta_2) * tf.square(g)
      step = tf.cast(t + 1, tf.float32)
      rate = self.learning_rate * 0.5 * (1.0 + tf.cos(math.pi * tf.cast(t, tf.float32) / steps))
      update = (m / (1.0 - beta_1 ** step)) / (tf.sqrt(v / (1.0 - beta_2 ** step)) + epsilon)
      z = z - rate * update
      if self._prior == "uniform":
        z = tf.clip_by_value(z, -1.0, 1.0)
      return t + 1, z, m, v

    zeros = tf.zeros_like(z)
    _, z, _, _ = tf.while_loop(lambda t, *_: t < num_steps, body,
                               (tf.constant(0, num_steps.dtype), z, zeros, zeros))
    loss = tf.reshape(loss_fn(z), [-1, self.restarts])
    best = tf.argmin(loss, axis=1, output_type=tf.int32)
    rows = tf.range(tf.shape(loss)[0]) * self.restarts + best
    z = tf.gather(z, rows)
    return {"z": z, "loss": tf.gather(loss, best, batch_dims=1),
            "images": self._generate(z, None if labels is None else tf.gather(labels, rows))}
