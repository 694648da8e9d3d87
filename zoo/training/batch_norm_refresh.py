"""Re-estimates G's batch-norm moving statistics at its current weights before it is sampled,
as PacGAN's toy experiments do (fjxmlzn/PacGAN: after each epoch a monitoring pass of 50
batches of 100 updates the population statistics, a 0.95 running average, before the
samples are drawn and scored). Training never reads these statistics; sampling, evaluation,
checkpoints and exports do, and a running average over past steps lags a G that moves."""
import tensorflow as tf

from zoo import priors
from zoo.training.callbacks import StepCallback


def refresh(generator, batches, batch_size, seed):
  """`batches` training-mode calls of `generator` on latents drawn from the stateless `seed`
  (the training run's random streams are left alone); each updates its batch norms' moving
  statistics by their momentum. Returns nothing: the statistics change in place."""
  labels = None
  if generator.num_classes:
    labels = tf.range(batch_size, dtype=tf.int32) % generator.num_classes
  for i in range(batches):
    z = priors.sample_stateless(generator.prior, (batch_size, generator.latent_dim),
                                tf.constant([seed, i], tf.int64))
    generator(z, labels=labels, training=True)


class BatchNormRefresh(StepCallback):
  """`refresh` of the live G at every step that is a multiple of one of `intervals` (those of
  the samples, evaluations and checkpoints) and at the last; the EMA copy, when the run keeps
  one, takes its statistics from it. Listed first among the callbacks, so that the sample
  grid, the evaluation and the checkpoint of that step all see the new statistics."""

  def __init__(self, model, intervals, total_steps, batches, batch_size, seed):
    super().__init__(model)
    self.intervals, self.total = [i for i in intervals if i > 0], total_steps
    self.batches, self.batch_size, self.seed = batches, batch_size, seed

  def on_train_batch_end(self, batch, logs=None):
    step = self._step(batch)
    if step == self.total or any(step % i == 0 for i in self.intervals):
      refresh(self.generative_model.generator, self.batches, self.batch_size,
              seed=1_000_003 * self.seed + step)
