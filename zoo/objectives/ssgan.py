"""Semi-supervised GAN training (Salimans et al. 2016, section 5; openai/improved-gan
`train_mnist_feature_matching.py`).

D is a K-class classifier (models/ssgan.py) whose GAN logit is log Z(x), Z = sum_k
exp(l_k(x)). Each step sees a batch of unlabelled images, a batch of labelled ones and a
batch of G's samples:

  L_D = L_labelled + w * L_unlabelled,
  L_labelled = -E[log p(y | x, y <= K)] = E[cross-entropy(l(x), y)],
  L_unlabelled = 1/2 (-E[log D(x)] - E[log(1 - D(G(z)))]), D = Z / (Z + 1),

which is the improved-gan code's loss_lab + loss_unl (its -l_unl/2 + softplus(l_unl)/2
equals softplus(-l_unl)/2). G is trained by feature matching on D's last hidden layer.
`unlabeled_weight` w = 0 trains D on the labelled images alone (the baseline the paper's
gain is measured against); G then trains but D never sees it.

The test error is that of a Polyak average of D's weights (improved-gan's `disc_avg`,
a <- a + 0.0001 (p - a)); here `classifier_ema` is its decay: `averaged_classifier()`
serves evaluation and the export's `classify`.
"""
import keras
import tensorflow as tf

from zoo.objectives import losses
from zoo.objectives.gan import GAN
from zoo.objectives.generative import ExponentialMovingAverage, load_averages


def labeled_loss(class_logits, labels):
  """Per-example cross-entropy of the K class logits against the labels."""
  return keras.losses.sparse_categorical_crossentropy(labels, class_logits, from_logits=True)


def unlabeled_loss(real_log_z, fake_log_z):
  """Per-example 1/2 [-log D(x) - log(1 - D(G(z)))] with D = sigmoid(log Z)."""
  return 0.5 * losses.minimax_discriminator_loss(real_log_z, fake_log_z)


@keras.saving.register_keras_serializable(package="zoo")
class SemiSupervisedGAN(GAN):
  """Batches are ((unlabelled images, labelled images), labels), all of one size, or
  ((unlabelled, labelled, unlabelled for G's feature matching), labels)."""

  def __init__(self, generator, discriminator, unlabeled_weight=1.0, classifier_ema=0.999,
               **kwargs):
    kwargs.update(feature_matching=True)
    super().__init__(generator, discriminator, **kwargs)
    if (self.d_steps != 1 or self.pack != 1 or self.gradient_penalty or self.label_smoothing
        or self.historical is not None or self.augmentation.policy != "none"):
      raise ValueError("The semi-supervised GAN is the paper's: one D step per G step, no "
                       "packing, penalty, smoothing, historical averaging or augmentation.")
    self.unlabeled_weight = float(unlabeled_weight)
    self.classifier_ema = float(classifier_ema)
    self.classifier_average = ExponentialMovingAverage(self.classifier_ema,
                                                       name="classifier_ema")
    self._averaged = None
    self.class_loss_tracker = keras.metrics.Mean(name="class_loss")
    self.train_error_tracker = keras.metrics.Mean(name="train_error")

  @property
  def metrics(self):
    return super().metrics + [self.class_loss_tracker, self.train_error_tracker]

  def build_all(self, image_shape):
    super().build_all(image_shape)
    self._image_shape = tuple(image_shape)
    self.classifier_average.track(self.discriminator.trainable_variables)

  def checkpoint_items(self):
    return {**super().checkpoint_items(), **{
        f"classifier_ema_{i}": a for i, a in enumerate(self.classifier_average.averages)}}

  def query_networks(self, discriminator=False):
    return {**super().query_networks(discriminator), "classifier": self.averaged_classifier()}

  def averaged_classifier(self):
    """A copy of D holding the Polyak average of its weights."""
    d = self.discriminator
    if self._averaged is None:
      self._averaged = d.__class__.from_config(d.get_config())
      self._averaged(tf.zeros((1, *self._image_shape)))
    return load_averages(self._averaged, self.classifier_average.averages, d)

  data_init_examples = 500  # improved-gan's init_param(trainx[:500])

  def initialize_from_data(self, images, labels=None):
    """Weight norm's data-dependent init of D on real images in [0, 1]; the average
    starts from the initialized weights."""
    self.discriminator.initialize_from_data(tf.convert_to_tensor(images, tf.float32))
    for average, v in zip(self.classifier_average.averages,
                          self.discriminator.trainable_variables):
      average.assign(v)

  def _feature_matching(self, real, fake, labels):
    """improved-gan's G loss: the *mean* over D's features of the squared difference of
    their batch means (the paper's ||.||^2 divided by the feature count), which sets the
    size of G's gradients against Adam's epsilon."""
    value, surrogate = super()._feature_matching(real, fake, labels)
    count = tf.cast(self.discriminator.hidden_units[-1], tf.float32)
    return value / count, surrogate / count

  def train_step(self, data):
    (real, labeled, *g_real), labels = data
    fake = self._generate(self._noise(real, salt=0))
    d = self.discriminator
    variables = d.trainable_variables
    with tf.GradientTape() as tape:
      class_logits = tf.cast(d.classify(labeled, training=True), tf.float32)
      real_logits, fake_logits = self._score(real), self._score(fake)
      class_loss = labeled_loss(class_logits, labels)
      per_example = class_loss + self.unlabeled_weight * unlabeled_loss(real_logits,
                                                                        fake_logits)
      d_loss = tf.nn.compute_average_loss(per_example)
      scaled = self.d_optimizer.scale_loss(d_loss)
    self._apply(self.d_optimizer, scaled, variables, tape)
    self.classifier_average.update(variables)
    g_loss = self._g_step(g_real[0] if g_real else real)
    wrong = tf.cast(tf.not_equal(tf.argmax(class_logits, -1), tf.cast(labels, tf.int64)),
                    tf.float32)
    self.class_loss_tracker.update_state(class_loss)
    self.train_error_tracker.update_state(wrong)
    self.r_t_tracker.update_state(tf.reduce_mean(tf.sign(real_logits)))
    self.d_loss_tracker.update_state(self._replica_share_to_mean(d_loss))
    self.g_loss_tracker.update_state(self._replica_share_to_mean(g_loss))
    self.d_real_tracker.update_state(tf.sigmoid(real_logits))
    self.d_fake_tracker.update_state(tf.sigmoid(fake_logits))
    return self._logs()

  def get_config(self):
    config = super().get_config()
    config.pop("feature_matching")
    return {**config, "unlabeled_weight": self.unlabeled_weight,
            "classifier_ema": self.classifier_ema}
