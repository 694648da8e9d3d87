"""In-training evaluation: every `every` steps the configured metrics go to TensorBoard
(under eval/) and to `metrics.jsonl`, and the checkpoint with the best primary metric so
far is kept in `best/` (with best.json saying which step and value)."""
import json
import math

import tensorflow as tf
from absl import logging

from zoo import atomic
from zoo.training.callbacks import StepCallback
from zoo.evaluation import metrics as metrics_lib
from zoo.evaluation import sources


class EvalCallback(StepCallback):
  """Evaluates `model` with `evaluator` (zoo/evaluation/runner.py) every `every` steps."""

  def __init__(self, model, evaluator, every, out_dir, checkpoint, writer, primary,
               model_name, dataset, discriminator=None):
    super().__init__(model)
    self.evaluator, self.every, self.writer = evaluator, every, writer
    self.primary, self.higher = primary, metrics_lib.direction(primary)
    self.model_name, self.dataset, self.discriminator = model_name, dataset, discriminator
    self.jsonl = out_dir / "metrics.jsonl"
    self.best_json = out_dir / "best" / "best.json"
    self.best_manager = tf.train.CheckpointManager(checkpoint, out_dir / "best", max_to_keep=1)
    self.best = (json.loads(self.best_json.read_text())["value"] if self.best_json.exists()
                 else None)  # kept across resumes
    _trim(self.jsonl, int(model.step))

  def _better(self, value):
    if not math.isfinite(value):
      return False
    return self.best is None or (value > self.best if self.higher else value < self.best)

  def evaluate(self, step):
    source = sources.from_model(self.generative_model, self.model_name, self.dataset, step,
                                discriminator=self.discriminator)
    report = self.evaluator(source)
    values = report["metrics"]
    with self.jsonl.open("a") as f:
      f.write(json.dumps({"step": step, **values}) + "\n")
    with self.writer.as_default(step=step):
      for key, value in values.items():
        tf.summary.scalar(f"eval/{key}", value)
    value = values[self.primary]
    improved = self._better(value)
    if improved:
      self.best = value
      self.best_manager.save(checkpoint_number=step)
      atomic.write_text(self.best_json, json.dumps({"step": step, "metric": self.primary,
                                                    "value": value}))
    logging.info("eval step %d  %s%s", step,
                 "  ".join(f"{k} {v:.4g}" for k, v in values.items()),
                 f"  (best {self.primary} so far: kept in best/)" if improved else "")
    return report

  def on_train_batch_end(self, batch, logs=None):
    step = self._step(batch)
    if step % self.every == 0:
      self.evaluate(step)


def _trim(jsonl, step):
  """Keeps the whole lines of `jsonl` up to `step`, the checkpoint a run resumes from: the
  steps after it are evaluated again, and a killed run may have left half a line."""
  if not jsonl.exists():
    return
  kept = []
  for line in jsonl.read_text().splitlines(keepends=True):
    try:
      if line.endswith("\n") and json.loads(line)["step"] <= step:
        kept.append(line)
    except (json.JSONDecodeError, KeyError, TypeError):
      pass
  atomic.write_text(jsonl, "".join(kept))
