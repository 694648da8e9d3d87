"""Evaluation while training: metrics.jsonl, TensorBoard, the best checkpoint, resume, and
a missing classifier failing before the first step."""
import json

import pytest
import tensorflow as tf

from tests import helpers
from zoo.serving import saved_model
from zoo.training import trainer
from zoo.evaluation import runner


def _config(steps, **evaluation):
  config = helpers.small_config(steps=steps)
  config.data.synthetic_examples = 256
  config.eval.update(dict(dict(every=10, metrics="parzen", num_samples=64), **evaluation))
  return config


def test_metrics_go_to_jsonl_and_tensorboard_and_the_best_checkpoint_is_kept(tmp_path):
  trainer.train(_config(30), tmp_path)
  lines = [json.loads(l) for l in (tmp_path / "metrics.jsonl").read_text().splitlines()]
  assert [l["step"] for l in lines] == [10, 20, 30]
  assert all({"parzen_log_likelihood", "parzen_standard_error", "parzen_sigma"} <= set(l)
             for l in lines)
  best = json.loads((tmp_path / "best" / "best.json").read_text())
  top = max(lines, key=lambda l: l["parzen_log_likelihood"])
  assert best == {"step": top["step"], "metric": "parzen_log_likelihood",
                  "value": top["parzen_log_likelihood"]}
  assert tf.train.latest_checkpoint(str(tmp_path / "best")).endswith(f"ckpt-{top['step']}")
  model, _, step = trainer.load_run(tmp_path, best=True)
  assert step == top["step"]
  exported = helpers.run_python("-m", "zoo.export", f"--workdir={tmp_path}", "--best")
  assert saved_model.read_metadata(exported.stdout.strip())["step"] == top["step"]
  tags = set()
  for event_file in (tmp_path / "tensorboard").glob("events.out.tfevents.*"):
    for event in tf.compat.v1.train.summary_iterator(str(event_file)):
      tags.update(v.tag for v in event.summary.value)
  assert "eval/parzen_log_likelihood" in tags

  # Resuming keeps the best value of the first part: a new best must beat it. A run killed
  # after evaluating past its last checkpoint (30), mid-line, leaves no trace of that.
  with (tmp_path / "metrics.jsonl").open("a") as f:
    f.write('{"step": 40, "stale": true}\n{"step": 50, "parz')
  trainer.train(_config(50), tmp_path)
  lines = [json.loads(l) for l in (tmp_path / "metrics.jsonl").read_text().splitlines()]
  assert [l["step"] for l in lines] == [10, 20, 30, 40, 50]
  assert not any("stale" in l for l in lines)
  top = max(lines, key=lambda l: l["parzen_log_likelihood"])
  assert json.loads((tmp_path / "best" / "best.json").read_text())["step"] == top["step"]


def test_a_run_without_evaluation_has_no_best_checkpoint(tmp_path):
  trainer.train(helpers.small_config(steps=10), tmp_path)
  assert not (tmp_path / "metrics.jsonl").exists()
  with pytest.raises(FileNotFoundError, match="did not evaluate while training"):
    trainer.load_run(tmp_path, best=True)


def test_a_missing_classifier_stops_the_run_before_its_first_step(tmp_path):
  config = _config(20, metrics="fcd", classifier_dir=str(tmp_path / "no_classifier"))
  with pytest.raises(runner.EvaluationError, match="--train_classifier --dataset=mnist"):
    trainer.train(config, tmp_path / "run")
  assert not (tmp_path / "run" / "checkpoints").exists()
