"""CycleGAN's training (Zhu et al. 2017, arXiv:1703.10593) on the zoo's loop, from unpaired
batches of domains A and B (each batch holds A's images in its first channels and B's in
the rest: zoo/data/pairs.py `unpaired`).

D step: 1/2 [LS(D_B(b), D_B(pool_B(G(a)))) + LS(D_A(a), D_A(pool_A(F(b))))], least squares
        (the paper's), each averaged over D's patches.
G step: LS_G(D_B(G(a))) + LS_G(D_A(F(b)))
        + cycle_weight (|F(G(a)) - a| + |G(F(b)) - b|)                   (lambda = 10)
        + identity_weight cycle_weight (|G(b) - b| + |F(a) - a|)          (0.5 in the paper)
Image pool (Shrivastava et al. 2017): D sees, for each generated image, with probability
1/2 an image G made `pool_depth` or fewer steps before at the same batch position instead
(the paper keeps 50 images and replaces a random one; positions keep each replica's pool
its own, so a step under tf.distribute equals the step on one device).
"""
import keras
import tensorflow as tf

from zoo.objectives import losses
from zoo.objectives.generative import GenerativeModel
from zoo.objectives.translation import content_loss, per_example


@keras.saving.register_keras_serializable(package="zoo")
class CycleGAN(GenerativeModel):
  """G: models.cyclegan.CycleTranslator (forward G: A -> B, backward F: B -> A);
  D: models.cyclegan.DiscriminatorPair (d_a, d_b)."""

  NETWORKS = ("generator", "discriminator")

  def __init__(self, generator, discriminator, cycle_weight=10.0, identity_weight=0.5,
               pool_depth=2, batch_size=1, seed=0, ema_decay=0.0, **kwargs):
    super().__init__(generator, seed=seed, ema_decay=ema_decay, **kwargs)
    self.discriminator = discriminator
    self.cycle_weight, self.identity_weight = float(cycle_weight), float(identity_weight)
    self.pool_depth, self.batch_size = int(pool_depth), int(batch_size)
    self.pools = {}
    self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
    self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
    self.cycle_tracker = keras.metrics.Mean(name="cycle")

  @property
  def metrics(self):
    return [self.g_loss_tracker, self.d_loss_tracker, self.cycle_tracker]

  @property
  def auxiliary(self):
    return self.discriminator

  def build_all(self, image_shape):
    super().build_all(image_shape)
    if not self.pool_depth:
      return
    replicas = tf.distribute.get_strategy().num_replicas_in_sync
    for domain, shape in (("a", self.generator.source_shape), ("b", self.generator.image_shape)):
      # The images of this replica's batch positions, kept per replica (on read): a
      # tf.Variable, as Keras's have no `synchronization`. Checkpoints save replica 0's.
      self.pools[domain] = tf.Variable(
          tf.zeros((self.pool_depth, self.batch_size // replicas, *shape)), trainable=False,
          synchronization=tf.VariableSynchronization.ON_READ,
          aggregation=tf.VariableAggregation.ONLY_FIRST_REPLICA, name=f"pool_{domain}")

  def checkpoint_items(self):
    return {**super().checkpoint_items(), **{f"pool_{k}": v for k, v in self.pools.items()}}

  def split(self, x):
    """A batch of unpaired images [B, H, W, Ca + Cb] -> (a, b)."""
    c = self.generator.source_shape[-1]
    return x[..., :c], x[..., c:]

  def _pool_uniforms(self, x, salt):
    """Uniforms [B, 2] choosing, per image, whether and which pooled image D sees (a hook
    for tests)."""
    return tf.random.stateless_uniform([tf.shape(x)[0], 2], self._seed(salt))

  def _from_pool(self, domain, fake, salt):
    """What D sees for G's new images `fake`: per image, with probability 1/2 (once the
    pool is full) one of the older images at its position."""
    if not self.pool_depth:
      return fake
    pool = self.pools[domain]
    u = self._pool_uniforms(fake, salt)
    full = self.g_optimizer.iterations >= self.pool_depth
    depth = tf.minimum(tf.cast(u[:, 1] * self.pool_depth, tf.int32), self.pool_depth - 1)
    older = tf.gather_nd(tf.convert_to_tensor(pool),
                         tf.stack([depth, tf.range(tf.shape(fake)[0])], axis=1))
    take = tf.logical_and(full, u[:, 0] < 0.5)
    return tf.where(take[:, None, None, None], older, fake)

  def _store(self, domain, fake):
    if self.pool_depth:
      slot = self.g_optimizer.iterations % self.pool_depth
      pool = self.pools[domain]
      pool.assign(tf.tensor_scatter_nd_update(tf.convert_to_tensor(pool), [[slot]],
                                              tf.stop_gradient(fake)[None]))

  @staticmethod
  def _adversarial(discriminator, fake, training):
    return per_example(losses.least_squares_generator_loss(discriminator(fake,
                                                                          training=training)))

  def generator_terms(self, a, b, training=True):
    """Per-example G terms {adversarial, cycle, identity} on a batch of a and b."""
    g, f = self.generator.forward, self.generator.backward
    d = self.discriminator
    fake_b, fake_a = g(a, training=training), f(b, training=training)
    terms = {
        "adversarial": self._adversarial(d.d_b, fake_b, training)
                       + self._adversarial(d.d_a, fake_a, training),
        "cycle": (content_loss(f(fake_b, training=training), a)
                  + content_loss(g(fake_a, training=training), b)),
        "identity": tf.zeros(tf.shape(a)[:1]),
    }
    if self.identity_weight:
      terms["identity"] = (content_loss(g(b, training=training), b)
                           + content_loss(f(a, training=training), a))
    return terms

  def _d_step(self, a, b, fake_a, fake_b):
    d = self.discriminator
    pair = lambda net, real, fake: per_example(losses.least_squares_discriminator_loss(
        net(real, training=True), net(fake, training=True)))
    with tf.GradientTape() as tape:
      d_loss = tf.nn.compute_average_loss(0.5 * (pair(d.d_b, b, fake_b) + pair(d.d_a, a, fake_a)))
      scaled = self.d_optimizer.scale_loss(d_loss)
    self._apply(self.d_optimizer, scaled, d.trainable_variables, tape)
    return d_loss

  def _g_step(self, a, b):
    variables = self.generator.trainable_variables
    with tf.GradientTape() as tape:
      terms = self.generator_terms(a, b)
      loss = terms["adversarial"] + self.cycle_weight * (
          terms["cycle"] + self.identity_weight * terms["identity"])
      g_loss = tf.nn.compute_average_loss(loss)
      scaled = self.g_optimizer.scale_loss(g_loss)
    self._apply(self.g_optimizer, scaled, variables, tape)
    self._after_generator_step()
    return g_loss, tf.nn.compute_average_loss(terms["cycle"])

  def train_step(self, data):
    x = data[0] if isinstance(data, (tuple, list)) else data
    a, b = self.split(x)
    fake_b = self.generator.forward(a, training=True)
    fake_a = self.generator.backward(b, training=True)
    d_loss = self._d_step(a, b, self._from_pool("a", fake_a, 1), self._from_pool("b", fake_b, 2))
    self._store("a", fake_a)  # after D has seen the older ones
    self._store("b", fake_b)
    g_loss, cycle = self._g_step(a, b)
    self.d_loss_tracker.update_state(self._replica_share_to_mean(d_loss))
    self.g_loss_tracker.update_state(self._replica_share_to_mean(g_loss))
    self.cycle_tracker.update_state(self._replica_share_to_mean(cycle))
    return self._logs()

  def get_config(self):
    return {**super().get_config(), "cycle_weight": self.cycle_weight,
            "identity_weight": self.identity_weight, "pool_depth": self.pool_depth,
            "batch_size": self.batch_size}
