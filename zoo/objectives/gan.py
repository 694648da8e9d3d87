"""The GAN keras.Model: k discriminator steps, then one generator step (Goodfellow et al.
2014, Algorithm 1), with two optimizers and Keras metrics.

Each batch fed to `fit` holds k * m real images (k = d_steps); D step i uses every k-th
image from i. Every loss is averaged over the *global* batch (tf.nn.compute_average_loss),
so N replicas under a tf.distribute strategy make the same update as one replica on the
whole batch. Conditional models get the batch's labels in D and G.

Salimans et al. 2016's techniques are options: `feature_matching` (G matches the mean of
D's last hidden layer on real and generated batches instead of fooling D),
`label_smoothing` (one-sided: real targets 1 - a), `historical_averaging` (lambda of the
penalty, both players); minibatch discrimination is a layer of D (models/base.py).
PacGAN (Lin et al. 2018) is `pack` = m: D judges m samples at once, all real or all
generated, joined along the last axis (channels; coordinates for points). Unrolled GAN
(Metz et al. 2017) is `unroll_steps` = k: G's loss against D advanced k steps (unrolled.py).
`simultaneous` updates both players from one forward pass instead (simultaneous.py).
"""
import keras
import tensorflow as tf

from zoo.objectives import losses
from zoo.objectives.augment import Augmentation
from zoo.objectives.generative import GenerativeModel
from zoo.objectives.historical import HistoricalAverage
from zoo.objectives.simultaneous import simultaneous_step
from zoo.objectives.unrolled import unrolled_scores


@keras.saving.register_keras_serializable(package="zoo")
class GAN(GenerativeModel):
  """Adversarial pair. `call(z)` is the generator, so the GAN exports like one."""

  NETWORKS = ("generator", "discriminator")

  def __init__(self, generator, discriminator, generator_loss="non_saturating",
               discriminator_loss="minimax", d_steps=1, gradient_penalty=0.0, seed=0,
               ema_decay=0.0, augment=None, feature_matching=False, label_smoothing=0.0,
               historical_averaging=0.0, pack=1, unroll_steps=0, simultaneous=False,
               **kwargs):
    super().__init__(generator, seed=seed, ema_decay=ema_decay, **kwargs)
    self.augment_config = dict(augment or {})
    self.augmentation = Augmentation(self, **self.augment_config)
    self.discriminator = discriminator
    self.generator_loss = generator_loss
    self.discriminator_loss = discriminator_loss
    self.g_loss_fn = losses.GENERATOR_LOSSES[generator_loss]
    self.d_loss_fn = losses.DISCRIMINATOR_LOSSES[discriminator_loss]
    self.d_steps = int(d_steps)
    self.gradient_penalty = float(gradient_penalty)
    self._d_output = tf.sigmoid if discriminator_loss in losses.SIGMOID_LOSSES else tf.identity
    self.feature_matching = bool(feature_matching)
    self.pack = int(pack)
    self.unroll_steps = int(unroll_steps)
    if self.unroll_steps and feature_matching:
      raise ValueError("unroll_steps and feature_matching are two G objectives; pick one.")
    if self.pack < 1 or (self.pack > 1 and (gradient_penalty or generator.num_classes)):
      raise ValueError(f"pack must be >= 1, and 1 with a gradient penalty or labels; got "
                       f"{pack}.")
    self.simultaneous = bool(simultaneous)
    if self.simultaneous and (self.d_steps != 1 or self.unroll_steps or feature_matching):
      raise ValueError("simultaneous updates take one D step and G's adversarial loss from "
                       "the same pass: set d_steps=1, unroll_steps=0, feature_matching=False.")
    self.label_smoothing = float(label_smoothing)
    if self.label_smoothing and discriminator_loss != "minimax":
      raise ValueError("label_smoothing needs discriminator_loss='minimax' (it smooths D's "
                       f"real targets), got {discriminator_loss!r}.")
    if self.label_smoothing:
      self.d_loss_fn = lambda real, fake: losses.one_sided_smoothed_discriminator_loss(
          real, fake, self.label_smoothing)
    self.historical_averaging = float(historical_averaging)
    self.historical = ({"generator": HistoricalAverage(name="generator_history"),
                        "discriminator": HistoricalAverage(name="discriminator_history")}
                       if self.historical_averaging else None)
    self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
    self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
    # Mean D(x) and D(G(z)): probabilities for sigmoid losses, raw scores for the others.
    self.d_real_tracker = keras.metrics.Mean(name="d_real")
    self.d_fake_tracker = keras.metrics.Mean(name="d_fake")
    # r_t = E[sign(D(x_real))] (Karras et al. 2020): near 1 when D has memorized the reals.
    self.r_t_tracker = keras.metrics.Mean(name="r_t")
    if self.augmentation.policy == "ada":  # ADA's p to the logs and TensorBoard
      self.ada_p_tracker = keras.metrics.Mean(name="ada_p")

  @property
  def metrics(self):
    trackers = [self.d_loss_tracker, self.g_loss_tracker, self.d_real_tracker,
                self.d_fake_tracker, self.r_t_tracker]
    return trackers + ([self.ada_p_tracker] if self.augmentation.policy == "ada" else [])

  @property
  def auxiliary(self):
    return self.discriminator

  def _auxiliary_input_shape(self, image_shape):
    return (*image_shape[:-1], image_shape[-1] * self.pack)  # PacGAN's D sees m at once

  def build_all(self, image_shape):
    super().build_all(image_shape)
    if self.historical is not None:
      self.historical["generator"].track(self.generator.trainable_variables)
      self.historical["discriminator"].track(self.discriminator.trainable_variables)

  def checkpoint_items(self):
    items = super().checkpoint_items()
    for name, history in (self.historical or {}).items():
      items.update({f"{name}_history_{i}": v for i, v in enumerate(history.state)})
    return items

  def _with_history(self, loss, player, variables):
    """loss + lambda ||theta - mean theta||^2, as this replica's share (the optimizers sum
    over replicas)."""
    if self.historical is None:
      return loss
    replicas = tf.distribute.get_strategy().num_replicas_in_sync
    penalty = self.historical[player].penalty(variables)
    return loss + self.historical_averaging * penalty / replicas

  def _after_update(self, player, variables):
    if self.historical is not None:
      self.historical[player].update(variables)

  def query_networks(self, discriminator=False):
    # A packed D judges groups of m images: no prior for one image at a time.
    return {"discriminator": self.discriminator} if discriminator and self.pack == 1 else {}

  def _mix_weights(self, real, salt):
    """e ~ U[0, 1] per example of `real`, for the gradient penalty's interpolates."""
    return tf.random.stateless_uniform(tf.shape(real)[:1], self._seed(salt))

  def _augment_uniforms(self, x, n, salt):
    """Uniforms [B, n] for the augmentation of x, fresh per step and per replica."""
    return tf.random.stateless_uniform([tf.shape(x)[0], n], self._seed(2000 + salt))

  def _augment(self, x, salt):
    """x as D sees it: augmented by the config's policy (DiffAugment, ADA) or as it is."""
    if self.augmentation.policy == "none":
      return x
    return self.augmentation(x, self._augment_uniforms(x, self.augmentation.uniforms, salt))

  def _d_step(self, real, labels=None, salt=0):
    """One D update on real images (and their labels, for conditional models); G(z) is
    conditioned on the same labels."""
    z = self._noise(real, salt)
    fake = self._augment(self._generate(z, labels), 100 + salt)
    real = self._augment(real, 200 + salt)
    with tf.GradientTape() as tape:
      d_loss, scaled, real_logits, fake_logits = self._d_objective(real, fake, labels, salt)
    variables = self.discriminator.trainable_variables
    self._apply(self.d_optimizer, scaled, variables, tape)
    self._after_update("discriminator", variables)
    return d_loss, real_logits, fake_logits

  def _d_objective(self, real, fake, labels, salt):
    """D's loss on the images it sees (already augmented): (this replica's share of the
    global mean, the scaled loss to differentiate, real logits, fake logits)."""
    critic = lambda x, training: self._score(x, labels, training)
    real_logits = critic(real, training=True)
    fake_logits = critic(fake, training=True)
    per_example = self.d_loss_fn(real_logits, fake_logits)
    per_example += self._d_regularizer(critic, real, fake, salt)
    d_loss = tf.nn.compute_average_loss(per_example)
    scaled = self.d_optimizer.scale_loss(self._with_history(
        d_loss, "discriminator", self.discriminator.trainable_variables))
    return d_loss, scaled, real_logits, fake_logits

  def _g_objective(self, objective, z, labels):
    """G's objective (this replica's share) with its regularizer and history penalty,
    scaled for differentiation."""
    objective += self._g_regularizer(z, labels)
    return self.g_optimizer.scale_loss(self._with_history(
        objective, "generator", self.generator.trainable_variables))

  def _d_regularizer(self, critic, real, fake, salt):
    """Per-example terms added to D's loss: WGAN-GP's gradient penalty when it is on."""
    if not self.gradient_penalty:
      return 0.0
    return self.gradient_penalty * losses.gradient_penalty(
        critic, real, fake, self._mix_weights(real, 500 + salt))

  def _g_regularizer(self, z, labels):
    """A term added to G's objective (this replica's share); StyleGAN2's path length."""
    del z, labels
    return 0.0

  @property
  def data_init_examples(self):
    """How many real examples `initialize_from_data` wants before the first step (0: none)."""
    return 500 if getattr(self.discriminator, "minibatch", None) is not None else 0

  def initialize_from_data(self, images, labels=None):
    """Data-dependent init of D's minibatch-discrimination layer, when D has one, on real
    examples (packed as D sees them)."""
    if not self.data_init_examples:
      return
    x = tf.convert_to_tensor(images, tf.float32)
    x = x[:x.shape[0] // self.pack * self.pack]
    self.discriminator.initialize_minibatch(self._pack(x),
                                            labels=labels if self.pack == 1 else None)

  def _pack(self, x):
    """[B, ..., C] -> [B / m, ..., m C]: each group of m consecutive examples as one."""
    if self.pack == 1:
      return x
    shape = tf.shape(x)
    grouped = tf.reshape(x, tf.concat([[shape[0] // self.pack, self.pack], shape[1:]], 0))
    rank = len(x.shape)
    moved = tf.transpose(grouped, [0, *range(2, rank + 1), 1])  # the group axis last
    return tf.reshape(moved, tf.concat([[shape[0] // self.pack], shape[1:-1],
                                        [shape[-1] * self.pack]], 0))

  def _score(self, x, labels=None, training=True):
    """D's logits in float32, whatever the compute dtype (mixed precision)."""
    return tf.cast(self.discriminator(self._pack(x), labels=labels, training=training),
                   tf.float32)

  def _g_step(self, real, labels=None):
    z = self._noise(real, salt=999)
    variables = self.generator.trainable_variables
    with tf.GradientTape() as tape:
      fake = self._augment(self._generate(z, labels), 300)
      if self.feature_matching:
        g_loss, objective = self._feature_matching(real, fake, labels)
      elif self.unroll_steps:
        logits = unrolled_scores(self.discriminator, self.d_optimizer, self.d_loss_fn,
                                 self._pack, self._augment(real, 400), fake,
                                 self.unroll_steps, labels)
        g_loss = objective = tf.nn.compute_average_loss(self.g_loss_fn(logits))
      else:
        g_loss = objective = tf.nn.compute_average_loss(self.g_loss_fn(self._score(fake,
                                                                                   labels)))
      scaled = self._g_objective(objective, z, labels)
    self._apply(self.g_optimizer, scaled, variables, tape)
    self._after_update("generator", variables)
    self._after_generator_step()
    return g_loss

  def _feature_matching(self, real, fake, labels):
    """(the loss as this replica's share, its surrogate for the gradient)."""
    features = lambda x: tf.cast(self.discriminator.hidden_features(
        self._pack(x), labels, training=True), tf.float32)
    value, surrogate = losses.feature_matching_loss(features(self._augment(real, 400)),
                                                    features(fake))
    replicas = tf.distribute.get_strategy().num_replicas_in_sync
    return value / replicas, surrogate

  def _observe_reals(self, real_logits):
    """r_t = E[sign(D(x_real))] to the logs, and to ADA's tuning of p."""
    if self.augmentation.policy == "ada":
      self.augmentation.observe(real_logits)
    self.r_t_tracker.update_state(tf.reduce_mean(tf.sign(real_logits)))

  def train_step(self, data):
    real, labels = data if isinstance(data, (tuple, list)) else (data, None)
    labels = labels if self.conditional else None
    # D step i takes every k-th example from i: with the batch split evenly over replicas,
    # each step then sees the same examples as on one device.
    reals = [real[i::self.d_steps] for i in range(self.d_steps)]
    label_sets = ([labels[i::self.d_steps] for i in range(self.d_steps)] if labels is not None
                  else [None] * self.d_steps)
    if self.simultaneous:
      d_loss, g_loss, real_logits, fake_logits = simultaneous_step(self, real, labels)
      self._observe_reals(real_logits)
    else:
      for i, (real_i, labels_i) in enumerate(zip(reals, label_sets)):
        d_loss, real_logits, fake_logits = self._d_step(real_i, labels_i, salt=i)
        self._observe_reals(real_logits)
      g_loss = self._g_step(reals[-1], label_sets[-1])
    if self.augmentation.policy == "ada":
      replicas = tf.distribute.get_strategy().num_replicas_in_sync
      self.augmentation.update(self.g_optimizer.iterations,
                               tf.cast(tf.shape(real)[0] * replicas, tf.float32))
      self.ada_p_tracker.update_state(self.augmentation.p)
    # The losses are this replica's share of the global mean; the trackers want its own mean.
    self.d_loss_tracker.update_state(self._replica_share_to_mean(d_loss))
    self.g_loss_tracker.update_state(self._replica_share_to_mean(g_loss))
    self.d_real_tracker.update_state(self._d_output(real_logits))
    self.d_fake_tracker.update_state(self._d_output(fake_logits))
    return self._logs()

  def get_config(self):
    return {**super().get_config(), "augment": self.augment_config,
            "generator_loss": self.generator_loss,
            "discriminator_loss": self.discriminator_loss, "d_steps": self.d_steps,
            "gradient_penalty": self.gradient_penalty,
            "feature_matching": self.feature_matching, "label_smoothing": self.label_smoothing,
            "historical_averaging": self.historical_averaging, "pack": self.pack,
            "unroll_steps": self.unroll_steps, "simultaneous": self.simultaneous}
