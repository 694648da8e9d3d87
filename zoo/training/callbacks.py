"""Keras callbacks of a training run: progress log, TensorBoard scalars, sample grids (plots
for the toy models), and the divergence guard. They read the global step from the model,
so they are right on resume."""
import math
import time

import keras
import numpy as np
import tensorflow as tf
from absl import logging

from zoo import errors
from zoo.models import base

from zoo.visualize import grids as image_lib
from zoo.visualize import plots

LABELS = {"d_real": "D(x)", "d_fake": "D(G(z))"}  # other metrics print under their own name


class DivergenceError(errors.UserError, FloatingPointError):
  """A loss became NaN or Inf; the message names the step and the loss."""


class StepCallback(keras.callbacks.Callback):
  """Knows the global step of each batch: read from the GAN once per `fit`, then counted
  (Keras numbers batches from 0 in each epoch), so the hot loop does not read a variable
  back from the device every step."""

  def __init__(self, model):
    super().__init__()
    self.generative_model = model
    self._start = self._last = 0

  def on_train_begin(self, logs=None):
    self._start = self._last = self.generative_model.step

  def on_epoch_begin(self, epoch, logs=None):
    self._start = self._last

  def _step(self, batch):
    self._last = self._start + batch + 1
    return self._last


class StepLogger(StepCallback):
  """Every `every` steps: a progress line, TensorBoard scalars, metrics reset, NaN check."""

  def __init__(self, model, writer, total_steps, every, checkpoint_dir):
    super().__init__(model)
    self.writer, self.total, self.every = writer, total_steps, every
    self.checkpoint_dir = checkpoint_dir
    self._t, self._s = None, None

  def on_train_begin(self, logs=None):
    super().on_train_begin(logs)
    self._t, self._s = time.time(), self._start

  def check_finite(self, step, logs):
    for key in self._order(logs):  # a loss first: it names what diverged
      value = float(np.reshape(logs[key], -1)[0])
      if not math.isfinite(value):
        raise DivergenceError(
            f"Training diverged at step {step}: {key} = {value}. The last good checkpoint in "
            f"{self.checkpoint_dir} is kept; lower the learning rates (--config.optimizer.d."
            "learning_rate, --config.optimizer.g.learning_rate) and run the command again.")

  def _order(self, logs):
    """The model's metrics in their own order (Keras hands logs over sorted by name)."""
    names = [m.name for m in self.generative_model.metrics if m.name in logs]
    return names + sorted(set(logs) - set(names))

  def on_train_batch_end(self, batch, logs=None):
    step = self._step(batch)
    if step % self.every and step != self.total:
      return
    logs = {k: float(np.reshape(v, -1)[0]) for k, v in (logs or {}).items()}
    self.check_finite(step, logs)
    now = time.time()
    rate = (step - self._s) / max(now - self._t, 1e-9)
    eta = (self.total - step) / rate if rate > 0 else float("inf")
    logging.info("step %d/%d  %s  %.1f steps/s  eta %s", step, self.total,
                 "  ".join(f"{LABELS.get(k, k)} {logs[k]:.4f}" for k in self._order(logs)), rate,
                 time.strftime("%H:%M:%S", time.gmtime(eta)) if math.isfinite(eta) else "?")
    with self.writer.as_default(step=step):
      for key, value in logs.items():
        tf.summary.scalar(key, value)
      tf.summary.scalar("steps_per_sec", rate)
    self.generative_model.reset_metrics()
    self._t, self._s = now, step


class Checkpointer(keras.callbacks.Callback):
  """At the end of each epoch (one per checkpoint interval): the NaN check, then a
  checkpoint of the step read from the model. Checkpoints come between epochs of one `fit`,
  so the input pipeline lives for the whole run: re-creating it per checkpoint stalled the
  run for up to 20 s each time (tf.data's iterator destructor waits for its autotuning
  thread; README "Performance")."""

  def __init__(self, model, save, logger):
    super().__init__()
    self.generative_model, self.save, self.logger = model, save, logger

  def on_epoch_end(self, epoch, logs=None):
    step = self.generative_model.step
    self.logger.check_finite(step, logs or {})
    self.save(step)


class SampleGrid(StepCallback):
  """Every `every` steps: G(fixed z) as `samples/step_XXXXXXX.png` and a TensorBoard image.
  Conditional models get fixed labels too, one row per class. Models of points get a plot
  over `reference` data points instead, with `discriminator` (x -> D(x)) for 1-D data.
  Translators get fixed input images as `fixed_z` (and their `targets`): rows of input | G
  (| target).
  G is the EMA copy when the run keeps one."""

  def __init__(self, model, writer, fixed_z, sample_dir, every, fixed_labels=None, rows=None,
               reference=None, discriminator=None, targets=None):
    super().__init__(model)
    self.targets = targets
    self.writer, self.fixed_z = writer, fixed_z
    self.fixed_labels, self.rows = fixed_labels, rows
    self.sample_dir, self.every = sample_dir, every
    self.reference, self.discriminator = reference, discriminator

  def write(self, step):
    generator = self.generative_model.sampling_generator()
    samples = np.asarray(generator(self.fixed_z, labels=self.fixed_labels, training=False))
    if isinstance(generator, base.Translator):
      grid = image_lib.translation_grid(self.fixed_z, samples, self.targets)
    elif self.reference is not None:
      grid = plots.plot(samples, self.reference, self.discriminator, title=f"step {step}")
    else:
      grid = image_lib.grid(samples, rows=self.rows)
    path = self.sample_dir / f"step_{step:07d}.png"
    image_lib.write_png(str(path), grid)
    with self.writer.as_default(step=step):
      tf.summary.image("samples", grid[None], max_outputs=1)
    return path

  def on_train_batch_end(self, batch, logs=None):
    step = self._step(batch)
    if step % self.every == 0:
      self.write(step)
