"""Re-estimates G's batch-norm moving statistics at its current weights before it is sampled,
as PacGAN's toy experiments do (fjxmlzn/PacGAN: after each epoch a monitoring pass of 50
batches of 100 updates the population statistics, a 0.95 running average, before the
samples are drawn and scored). Training never reads these statistics; sampling, evaluation,
checkpoints and exports do, and a running average over past steps lags a G that moves."""
from zoo.models.batch_norm_statistics import refresh
from zoo.training.callbacks import StepCallback

__all__ = ["BatchNormRefresh", "refresh"]


class BatchNormRefresh(StepCallback):
  """`refresh` of the live G at every step that is a multiple of one of `intervals` (those of
  the samples, evaluations and checkpoints) and at the last. Listed first among the
  callbacks, so that the sample grid, the evaluation and the checkpoint of that step all see
  the new statistics. (An EMA copy of G sets its own, at its own weights:
  GenerativeModel.sampling_generator.)"""

  def __init__(self, model, intervals, total_steps, batches, batch_size, seed):
    super().__init__(model)
    self.intervals, self.total = [i for i in intervals if i > 0], total_steps
    self.batches, self.batch_size, self.seed = batches, batch_size, seed

  def on_train_batch_end(self, batch, logs=None):
    step = self._step(batch)
    if step == self.total or any(step % i == 0 for i in self.intervals):
      refresh(self.generative_model.generator, self.batches, self.batch_size,
              seed=1_000_003 * self.seed + step)
