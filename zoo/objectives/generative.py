"""What every trainable model of the zoo shares (GAN, GMMN, VAE): a generator G with its
prior, per-replica noise, two optimizers, loss trackers, and an optional exponential
moving average (EMA) of G's weights that sampling and export use (with batch-norm statistics
of its own: see `sampling_generator`).

Subclasses define `train_step`; `g_optimizer` counts the training steps. `d_optimizer`
trains the second network (D, the autoencoder of GMMN+AE, the VAE's encoder) and is None
when there is none.
"""
import keras
import tensorflow as tf
# Keras's own reduction of per-replica logs (mean over replicas, or the first on TPUs).
from keras.src.backend.tensorflow.trainer import reduce_per_replica

from zoo import priors
from zoo.models import base
from zoo.models import batch_norm_statistics


def copies(layer, variables, prefix):
  """Non-trainable weights of `layer` holding the current values of `variables`. Their
  aggregation is "mean": every replica computes the same update, as for batch-norm stats."""
  out = [layer.add_weight(shape=v.shape, initializer="zeros", trainable=False,
                          aggregation="mean", name=f"{prefix}_{i}")
         for i, v in enumerate(variables)]
  for copy, v in zip(out, variables):
    copy.assign(v)
  return out


def load_averages(copy, averages, network):
  """Puts `averages` (an ExponentialMovingAverage's, of `network`'s trainable weights) into
  `copy`, a network built from `network`'s config, and `network`'s other weights (batch-norm
  statistics, fixed scales) beside them; returns `copy`."""
  for target, average in zip(copy.trainable_variables, averages):
    target.assign(average)
  for target, v in zip(copy.non_trainable_variables, network.non_trainable_variables):
    target.assign(v)
  return copy


@keras.saving.register_keras_serializable(package="zoo")
class ExponentialMovingAverage(keras.layers.Layer):
  """avg <- decay * avg + (1 - decay) * w for a list of variables (Polyak averaging; used
  for G by Karras et al. 2018, Yazici et al. 2019, and Miyato et al. 2018's SNGAN runs)."""

  def __init__(self, decay, **kwargs):
    super().__init__(trainable=False, **kwargs)
    if not 0.0 < decay < 1.0:
      raise ValueError(f"EMA decay must be in (0, 1), got {decay}.")
    self.decay = float(decay)
    self.averages = []

  def track(self, variables):
    """Creates one average per variable, starting at its current value."""
    self.averages = copies(self, variables, "ema")

  def update(self, variables):
    for average, v in zip(self.averages, variables):
      average.assign(self.decay * average + (1.0 - self.decay) * v)

  def get_config(self):
    return {**super().get_config(), "decay": self.decay}


class GenerativeModel(keras.Model):
  """Base of the zoo's trainable models. `call(z)` is the generator, so each exports like G."""

  NETWORKS = ("generator",)  # constructor arguments holding networks (get_config serializes)

  def __init__(self, generator, seed=0, ema_decay=0.0, ema_bn_batches=50,
               ema_bn_batch_size=64, **kwargs):
    super().__init__(**kwargs)
    self.generator = generator
    self.ema_decay = float(ema_decay)
    self.ema_bn_batches, self.ema_bn_batch_size = int(ema_bn_batches), int(ema_bn_batch_size)
    self._statistics_seed, self._sampler_key = int(seed), None
    self.ema = ExponentialMovingAverage(ema_decay, name="generator_ema") if ema_decay else None
    self.seed_generator = keras.random.SeedGenerator(seed, name="noise_seed")
    self.d_optimizer = None
    self._sampler = None

  def compile(self, g_optimizer, d_optimizer=None, **kwargs):
    """Keras's compile with the two optimizers, G's first (the only one without a second
    network)."""
    super().compile(**kwargs)
    self.g_optimizer, self.d_optimizer = g_optimizer, d_optimizer

  @property
  def step(self) -> int:
    """Training steps taken (one per generator update); restored with the optimizers."""
    return int(keras.ops.convert_to_numpy(self.g_optimizer.iterations))

  @property
  def conditional(self) -> bool:
    return self.generator.num_classes > 0

  @property
  def auxiliary(self):
    """The network trained beside G by `d_optimizer` (the GAN's D, GMMN+AE's autoencoder,
    the VAE's encoder), or None."""
    return None

  def call(self, z, labels=None, training=False):
    return self.generator(z, labels=labels, training=training)

  def build_all(self, image_shape):
    """Creates every variable (G, the auxiliary network, both optimizers, the EMA): `fit`
    under MirroredStrategy needs them before the train function is traced (shared/notes)."""
    labels = keras.ops.zeros((2,), "int32") if self.conditional else None
    self.generator(self.probe_inputs(2), labels=labels)
    if self.auxiliary is not None:
      self.auxiliary(keras.ops.zeros((2, *self._auxiliary_input_shape(image_shape))),
                     labels=labels)
      self.d_optimizer.build(self._auxiliary_variables())
    self.g_optimizer.build(self.generator.trainable_variables)
    if self.ema is not None:
      self.ema.track(self.generator.trainable_variables)
    self.built = True

  def probe_inputs(self, n):
    """`n` inputs of G that build it: latents, or black images for a translator."""
    if isinstance(self.generator, base.Translator):
      return tf.zeros((n, *self.generator.source_shape))
    return self.generator.sample_latent(n, seed=0)

  def _auxiliary_input_shape(self, image_shape):
    """The input shape (without the batch) the auxiliary network sees."""
    return image_shape

  def _maybe_symbolic_build(self, iterator=None, data_batch=None):
    # Keras's fit() first reduces a data batch over replicas to build the model; under
    # MultiWorkerMirroredStrategy that reduce fails on PerReplica inputs. build_all() has
    # created every variable and there is no compiled loss or metric, so nothing is left.
    if not self.built:
      super()._maybe_symbolic_build(iterator=iterator, data_batch=data_batch)

  def make_train_function(self, force=False):
    """`steps_per_execution` train steps per call, as a `tf.range` loop of
    `strategy.run(train_step)` in one tf.function.

    Keras 3.15's own multi-step function (a while loop over tf.experimental.Optional and a
    tf.cond) fails under MirroredStrategy with "You must feed a value for placeholder
    tensor 'while/body/_1/while/cond/then/...'" for any model once steps_per_execution > 1
    (tests/test_distribute.py). This loop is the one of TensorFlow's custom-training guide;
    it runs exactly steps_per_execution steps, as Keras's does on a repeating dataset.
    """
    if self.train_function is not None and not force:
      return self.train_function
    strategy = self.distribute_strategy
    step = tf.function(lambda data: strategy.run(self.train_step, args=(data,)),
                       reduce_retracing=True, jit_compile=self.jit_compile)
    repeats = self.steps_per_execution - 1

    @tf.function(reduce_retracing=True)
    def train_function(iterator):
      for _ in tf.range(repeats):
        step(next(iterator))
      return reduce_per_replica(step(next(iterator)), strategy, reduction="auto")

    self.train_function = train_function
    return train_function

  def checkpoint_items(self):
    """The trackables a checkpoint of this model holds."""
    items = dict(generator=self.generator, g_optimizer=self.g_optimizer,
                 noise_seed=self.seed_generator.state)
    if self.auxiliary is not None:
      items.update(discriminator=self.auxiliary, d_optimizer=self.d_optimizer)
    # A Keras 3 layer's weights are not checkpoint dependencies of the layer: trainable
    # ones are saved through the optimizers; the others (batch-norm moving statistics,
    # spectral norm's u, the EMA) are listed here, or a restored G would lose them.
    # "critic": the key of checkpoints written before the network was called `auxiliary`.
    networks = {"generator": self.generator, "critic": self.auxiliary}
    for prefix, network in networks.items():
      if network is not None:
        items.update({f"{prefix}_state_{i}": v
                      for i, v in enumerate(network.non_trainable_variables)})
    if self.ema is not None:
      items.update({f"generator_ema_{i}": a for i, a in enumerate(self.ema.averages)})
    augmentation = getattr(self, "augmentation", None)  # ADA's p and r_t (GAN only)
    if augmentation is not None:
      items.update(augmentation.variables)
    return items

  def query_networks(self, discriminator=False):
    """What an export's `project` and `inpaint` use besides G (zoo/serving/queries.py): a
    VAE's encoder, whose mean starts the search; a GAN's D, for inpainting's prior loss,
    when `discriminator` is asked for."""
    del discriminator
    return {}

  def sampling_generator(self):
    """G for samples and export: a copy holding the EMA weights when EMA is on.

    The copy's batch norms (if any) get statistics of its own weights, the mean over
    `ema_bn_batches` batches of `ema_bn_batch_size` latents (BigGAN's standing statistics):
    the live G's running averages describe other weights, and the average of G's weights
    can be far from them. 0 batches copies the live G's instead (the zoo before 2026-12-06),
    as does a translator (no latents to draw). Recomputed when the averages have changed."""
    if self.ema is None:
      return self.generator
    if self._sampler is None:
      self._sampler = self.generator.__class__.from_config(self.generator.get_config())
      labels = keras.ops.zeros((1,), "int32") if self.conditional else None
      self._sampler(self.probe_inputs(1), labels=labels)
    key = (self.step, float(tf.add_n([tf.reduce_sum(a) for a in self.ema.averages])),
           self.ema_bn_batches)
    if key != self._sampler_key:
      load_averages(self._sampler, self.ema.averages, self.generator)
      if self.ema_bn_batches and not isinstance(self.generator, base.Translator):
        batch_norm_statistics.standing(self._sampler, self.ema_bn_batches,
                                       self.ema_bn_batch_size, seed=self._statistics_seed)
      self._sampler_key = key
    return self._sampler

  def get_config(self):
    config = super().get_config()
    config.update({name: keras.saving.serialize_keras_object(getattr(self, name))
                   for name in self.NETWORKS})
    config.update(ema_decay=self.ema_decay, ema_bn_batches=self.ema_bn_batches,
                  ema_bn_batch_size=self.ema_bn_batch_size)
    return config

  @classmethod
  def from_config(cls, config):
    for name in cls.NETWORKS:
      if config.get(name) is not None:
        config[name] = keras.saving.deserialize_keras_object(config[name])
    return cls(**config)

  def _auxiliary_variables(self):
    """What `d_optimizer` updates."""
    return self.auxiliary.trainable_variables

  def _apply(self, optimizer, scaled_loss, variables, tape):
    """One update from `optimizer.scale_loss(loss)`, computed under `tape` (the loss scale
    of mixed_float16; the loss itself otherwise)."""
    optimizer.apply(tape.gradient(scaled_loss, variables), variables)

  def _generate(self, z, labels=None, training=True):
    """G(z) in float32, whatever the compute dtype (mixed precision)."""
    return tf.cast(self.generator(z, labels=labels, training=training), tf.float32)

  def _after_generator_step(self):
    if self.ema is not None:
      self.ema.update(self.generator.trainable_variables)

  def _seed(self, salt):
    """A fresh stateless seed, different on each replica (replica id folded in)."""
    seed = self.seed_generator.next()
    replica = tf.distribute.get_replica_context()
    replica_id = replica.replica_id_in_sync_group if replica is not None else 0
    return tf.random.experimental.stateless_fold_in(
        tf.cast(seed, tf.int64), tf.cast(replica_id, tf.int64) * 1000 + salt)

  def _noise(self, real, salt):
    """z ~ p(z) for each example of `real`, from a per-replica seed."""
    return priors.sample_stateless(self.generator.prior,
                                   (tf.shape(real)[0], self.generator.latent_dim),
                                   self._seed(salt))

  def _logs(self):
    logs = {m.name: m.result() for m in self.metrics}
    if isinstance(tf.distribute.get_strategy(), tf.distribute.MultiWorkerMirroredStrategy):
      # Keras 3.15's fit() averages logs over workers with reduce("MEAN", axis=0), which
      # needs a leading axis: give each worker's value one.
      logs = {k: v[None] for k, v in logs.items()}
    return logs

  @staticmethod
  def _replica_share_to_mean(loss):
    """A loss averaged over the global batch, as this replica's own mean (for trackers)."""
    return loss * tf.cast(tf.distribute.get_strategy().num_replicas_in_sync, loss.dtype)
