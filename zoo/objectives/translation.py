"""Image-to-image translation on the zoo's loop: G maps an input made from each target by a
pair transform (zoo/data/pairs.py) to the target; D tells targets from G's outputs.

Per step: one D update on (targets, G(inputs)) with D's loss of the config, then one G
update on

  content_weight * content(G(x), y) + adversarial_weight * G's loss on D(G(x)),

content = mean |G(x) - y| ("l1") or mean (G(x) - y)^2 ("l2") per example (plus
feature_weight x the mean squared difference of a fixed network's features of G(x) and y,
SRGAN's "VGG loss", when a feature network is given), as SRGAN
(Ledig et al. 2017; 1e-3 x adversarial) and pix2pix (Isola et al. 2017; L1 x 100 beside
the adversarial loss x 1). adversarial_weight 0 trains G on the content loss alone
(SRResNet, the paper's baseline) and skips D. A D with `conditional_on_source` (pix2pix's
PatchGAN) sees the input joined to each image, and a loss per patch is averaged per image.
`relativistic` is ESRGAN's relativistic average D (Wang et al. 2018): D's minimax loss on
C(y) - E[C(G(x))] and C(G(x)) - E[C(y)], and G's the same with the roles swapped. Losses are averaged over the global batch, so
a step under tf.distribute equals the step on one device.
"""
import keras
import tensorflow as tf

from zoo.data import paired, pairs
from zoo.objectives import losses
from zoo.objectives.generative import GenerativeModel

CONTENT_LOSSES = ("l1", "l2")


def content_loss(outputs, targets, kind="l1"):
  """Per-example mean absolute ("l1") or squared ("l2") pixel error [B]."""
  error = outputs - targets
  error = tf.abs(error) if kind == "l1" else tf.square(error)
  return tf.reduce_mean(tf.reshape(error, [tf.shape(error)[0], -1]), axis=1)


def per_example(loss):
  """A loss per example [B] from one per logit ([B], or [B, h, w] patches of a PatchGAN)."""
  return tf.reduce_mean(tf.reshape(loss, [tf.shape(loss)[0], -1]), axis=1)


@keras.saving.register_keras_serializable(package="zoo")
class ImageTranslation(GenerativeModel):
  """G: a models.base.Translator; D: a models.base.Discriminator on G's outputs."""

  NETWORKS = ("generator", "discriminator")

  def __init__(self, generator, discriminator, pairs_transform="downscale:4",
               content="l1", content_weight=1.0, adversarial_weight=1e-3,
               generator_loss="non_saturating", discriminator_loss="minimax",
               feature_weight=0.0, feature_network=None, relativistic=False, seed=0,
               ema_decay=0.0, **kwargs):
    super().__init__(generator, seed=seed, ema_decay=ema_decay, **kwargs)
    if content not in CONTENT_LOSSES:
      raise ValueError(f"content must be one of {CONTENT_LOSSES}, got {content!r}.")
    self.discriminator = discriminator
    self.pairs_transform = pairs_transform
    self.transform = pairs.parse(pairs_transform)
    self.content = content
    self.content_weight, self.adversarial_weight = float(content_weight), float(adversarial_weight)
    self.generator_loss, self.discriminator_loss = generator_loss, discriminator_loss
    self.g_loss_fn = losses.GENERATOR_LOSSES[generator_loss]
    self.d_loss_fn = losses.DISCRIMINATOR_LOSSES[discriminator_loss]
    self.relativistic = bool(relativistic)
    if self.relativistic and discriminator_loss != "minimax":
      raise ValueError("relativistic needs discriminator_loss='minimax' (ESRGAN's RaGAN).")
    self.feature_weight = float(feature_weight)
    if self.feature_weight and feature_network is None:
      raise ValueError("feature_weight > 0 needs a feature_network (images -> features).")
    self.feature_network = feature_network  # frozen; not in checkpoints or get_config
    self.content_tracker = keras.metrics.Mean(name="content")
    self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
    self.d_loss_tracker = keras.metrics.Mean(name="d_loss")

  @property
  def metrics(self):
    return [self.content_tracker, self.g_loss_tracker, self.d_loss_tracker]

  @property
  def auxiliary(self):
    return self.discriminator

  @property
  def conditional_discriminator(self):
    """pix2pix's D judges (input, image) pairs; SRGAN's judges the image alone."""
    return getattr(self.discriminator, "conditional_on_source", False)

  def _auxiliary_input_shape(self, image_shape):
    extra = self.generator.source_shape[-1] if self.conditional_discriminator else 0
    return (*image_shape[:-1], image_shape[-1] + extra)

  def _score(self, x, sources, training=True):
    """D's logits in float32: [B], or [B, h, w] for a PatchGAN (one per patch)."""
    if self.conditional_discriminator:
      x = tf.concat([tf.image.resize(sources, tf.shape(x)[1:3], "nearest"), x], axis=-1)
    return tf.cast(self.discriminator(x, training=training), tf.float32)

  def _d_step(self, sources, targets):
    fake = self._generate(sources)
    with tf.GradientTape() as tape:
      real_logits, fake_logits = self._score(targets, sources), self._score(fake, sources)
      if self.relativistic:
        real_logits, fake_logits = self._relative(real_logits, fake_logits)
      d_loss = tf.nn.compute_average_loss(per_example(self.d_loss_fn(real_logits,
                                                                     fake_logits)))
      scaled = self.d_optimizer.scale_loss(d_loss)
    self._apply(self.d_optimizer, scaled, self.discriminator.trainable_variables, tape)
    return d_loss

  def generator_objective(self, sources, targets, training=True):
    """(G's loss per example, its content term per example) on a batch of pairs."""
    fake = self._generate(sources, training=training)
    content = content_loss(fake, targets, self.content)
    loss = self.content_weight * content
    if self.feature_weight:
      loss += self.feature_weight * self.feature_loss(fake, targets)
    if self.adversarial_weight and self.relativistic:
      real_rel, fake_rel = self._relative(self._score(targets, sources, training),
                                          self._score(fake, sources, training))
      loss += self.adversarial_weight * per_example(self.d_loss_fn(fake_rel, real_rel))
    elif self.adversarial_weight:
      loss += self.adversarial_weight * per_example(
          self.g_loss_fn(self._score(fake, sources, training)))
    return loss, content

  @staticmethod
  def _relative(real_logits, fake_logits):
    """ESRGAN's relativistic average logits (Wang et al. 2018, after Jolicoeur-Martineau
    2019): C(x_r) - E[C(x_f)] and C(x_f) - E[C(x_r)], the means over the global batch."""
    def global_mean(x):
      mean = tf.reduce_mean(x)
      context = tf.distribute.get_replica_context()
      if context is not None and context.num_replicas_in_sync > 1:
        mean = context.all_reduce(tf.distribute.ReduceOp.MEAN, mean)
      return mean
    return real_logits - global_mean(fake_logits), fake_logits - global_mean(real_logits)

  def feature_loss(self, outputs, targets):
    """Per-example mean squared difference of the feature network's features [B]."""
    features = lambda x: tf.cast(self.feature_network(x, training=False), tf.float32)
    return tf.reduce_mean(tf.square(features(outputs) - features(targets)), axis=-1)

  def _g_step(self, sources, targets):
    variables = self.generator.trainable_variables
    with tf.GradientTape() as tape:
      loss, content = self.generator_objective(sources, targets)
      g_loss = tf.nn.compute_average_loss(loss)
      scaled = self.g_optimizer.scale_loss(g_loss)
    self._apply(self.g_optimizer, scaled, variables, tape)
    self._after_generator_step()
    return g_loss, tf.nn.compute_average_loss(content)

  def pairs_of(self, batch):
    """(inputs, targets) of a batch: targets made into inputs by the transform, or pairs
    joined by zoo/data/paired.py (data.source=paired_folder) taken apart."""
    if self.transform.paired:
      targets, sources = paired.split(batch, self.generator.image_shape[-1],
                                      self.transform.factor)
      return sources, targets
    return self.transform(batch), batch

  def train_step(self, data):
    sources, targets = self.pairs_of(data[0] if isinstance(data, (tuple, list)) else data)
    d_loss = self._d_step(sources, targets) if self.adversarial_weight else tf.constant(0.0)
    g_loss, content = self._g_step(sources, targets)
    self.d_loss_tracker.update_state(self._replica_share_to_mean(d_loss))
    self.g_loss_tracker.update_state(self._replica_share_to_mean(g_loss))
    self.content_tracker.update_state(self._replica_share_to_mean(content))
    return self._logs()

  def get_config(self):
    return {**super().get_config(), "pairs_transform": self.pairs_transform,
            "content": self.content, "content_weight": self.content_weight,
            "adversarial_weight": self.adversarial_weight, "feature_weight": self.feature_weight,
            "relativistic": self.relativistic,
            "generator_loss": self.generator_loss, "discriminator_loss": self.discriminator_loss}
