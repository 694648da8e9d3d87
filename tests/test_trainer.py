"""A run in a workdir: layout, resume, checkpoint contents, the divergence guard."""
import json
import logging
import re

import numpy as np
import pytest
import tensorflow as tf

from tests import helpers
from zoo.training import callbacks
from zoo.training import checkpoints
from zoo.training import trainer
from zoo import config as config_lib
from zoo.objectives.gan import GAN
from zoo.data import pipeline


@pytest.fixture(scope="module")
def run(tmp_path_factory):
  """A tiny run of 20 steps, kept for the tests below (they must not train it further)."""
  workdir = tmp_path_factory.mktemp("run")
  config = helpers.small_config(steps=20)
  export_path = trainer.train(config, workdir).export_path
  return workdir, config, export_path


def test_workdir_layout(run):
  workdir, config, export_path = run
  assert json.loads((workdir / "config.json").read_text())["train"]["steps"] == 20
  assert tf.train.latest_checkpoint(str(workdir / "checkpoints")).endswith("ckpt-20")
  assert sorted(p.name for p in (workdir / "samples").glob("*.png")) == [
      "step_0000010.png", "step_0000020.png"]
  assert list((workdir / "tensorboard").glob("events.out.tfevents.*"))
  assert export_path == workdir / "export" / "mnist_mlp" / "1"
  assert (export_path / "saved_model.pb").exists()


def test_tensorboard_has_the_metrics_and_the_grid(run):
  workdir = run[0]
  tags = set()
  for event_file in (workdir / "tensorboard").glob("events.out.tfevents.*"):
    for event in tf.compat.v1.train.summary_iterator(str(event_file)):
      tags.update(v.tag for v in event.summary.value)
  assert {"d_loss", "g_loss", "d_real", "d_fake", "steps_per_sec", "samples"} <= tags


def test_checkpoint_restores_weights_and_optimizer_state_exactly(run):
  workdir, config, _ = run
  trained = trainer.build_model(config, (28, 28, 1))
  trainer.checkpoint_for(trained).restore(
      tf.train.latest_checkpoint(str(workdir / "checkpoints"))).assert_existing_objects_matched()
  fresh = trainer.build_model(config, (28, 28, 1))
  assert int(trained.step) == 20 and int(fresh.step) == 0
  restored = trainer.build_model(config, (28, 28, 1))
  ckpt = trainer.checkpoint_for(restored)
  ckpt.restore(tf.train.latest_checkpoint(str(workdir / "checkpoints"))).assert_consumed()
  for a, b in zip(trained.d_optimizer.variables + trained.g_optimizer.variables +
                  trained.generator.weights + trained.discriminator.weights,
                  restored.d_optimizer.variables + restored.g_optimizer.variables +
                  restored.generator.weights + restored.discriminator.weights):
    np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
  momentum = [v for v in restored.g_optimizer.variables if "momentum" in v.path]
  assert momentum and any(np.abs(np.asarray(v)).sum() > 0 for v in momentum)


def test_resume_continues_from_the_last_checkpoint(tmp_path, caplog):
  config = helpers.small_config(steps=10)
  trainer.train(config, tmp_path)
  config.train.steps = 30
  caplog.set_level(logging.INFO, logger="absl")
  trainer.train(config, tmp_path)
  assert "Resuming from step 10" in caplog.text
  assert tf.train.latest_checkpoint(str(tmp_path / "checkpoints")).endswith("ckpt-30")
  assert sorted(p.name for p in (tmp_path / "export" / "mnist_mlp").iterdir()) == ["1", "2"]
  trainer.train(config, tmp_path)  # already done: neither trains nor exports again
  assert sorted(p.name for p in (tmp_path / "export" / "mnist_mlp").iterdir()) == ["1", "2"]


def test_workdir_of_another_model_is_refused(tmp_path):
  trainer.train(helpers.small_config(steps=10), tmp_path)
  other = helpers.small_config("fashion_mnist_mlp", steps=10)
  with pytest.raises(ValueError, match="holds a run of 'mnist_mlp'"):
    trainer.train(other, tmp_path)


def test_divergence_stops_with_step_and_loss_and_keeps_the_good_checkpoint(
    tmp_path, monkeypatch):
  config = helpers.small_config(steps=10)
  trainer.train(config, tmp_path)
  config.train.steps = 30
  healthy = pipeline.train_dataset
  monkeypatch.setattr(pipeline, "train_dataset", lambda *a, **k: healthy(*a, **k).map(
      lambda x, y: (x * float("nan"), y)))  # a NaN reaches D in the next step
  with pytest.raises(callbacks.DivergenceError, match=r"diverged at step \d+: d_loss = nan"):
    trainer.train(config, tmp_path)
  latest = tf.train.latest_checkpoint(str(tmp_path / "checkpoints"))
  assert latest.endswith("ckpt-10")
  reader = tf.train.load_checkpoint(latest)
  for name in reader.get_variable_to_shape_map():
    value = reader.get_tensor(name)
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
      assert np.all(np.isfinite(value)), name


def test_the_train_step_traces_once_across_chunks_and_once_per_resume(tmp_path, monkeypatch):
  # Python in train_step runs only while TensorFlow traces it: count those runs.
  traces = []
  original = GAN.train_step

  def counting(self, batch):
    traces.append(1)
    return original(self, batch)

  monkeypatch.setattr(GAN, "train_step", counting)
  config = helpers.small_config(steps=30, checkpoint_every=10)  # 3 fit() calls
  trainer.train(config, tmp_path)
  assert len(traces) == 1
  config.train.steps = 60  # resumed: a new model, 3 more fit() calls
  trainer.train(config, tmp_path)
  assert len(traces) == 2


def test_several_steps_per_execution_train_exactly_as_one(tmp_path):
  runs = []
  for n in (1, 10):
    config = helpers.small_config(steps=20, steps_per_execution=n)
    run = trainer.train(config, tmp_path / str(n))
    assert run.step == 20 and run.model.steps_per_execution == n
    runs.append(run)
    assert sorted(p.name for p in (tmp_path / str(n) / "samples").glob("*.png")) == [
        "step_0000010.png", "step_0000020.png"]
  _assert_same_weights(*runs)


def _assert_same_weights(run_a, run_b):
  """G's and D's weights of two runs agree to float32 round-off."""
  for a, b in zip(run_a.model.generator.weights + run_a.model.auxiliary.weights,
                  run_b.model.generator.weights + run_b.model.auxiliary.weights, strict=True):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name", ["mnist_dcgan", "grid25"])
def test_checkpoints_keep_the_batch_norm_statistics(name, tmp_path):
  config = helpers.small_config(name, steps=10)
  run = trainer.train(config, tmp_path)
  trained = [np.asarray(v) for v in run.model.generator.non_trainable_variables]
  assert trained and any(np.abs(v).sum() > 0 and not np.allclose(v, 1) for v in trained)
  restored, _, step = trainer.load_run(tmp_path)
  assert step == 10
  for a, b in zip(trained, restored.generator.non_trainable_variables):
    np.testing.assert_array_equal(a, np.asarray(b))
  z = run.model.generator.sample_latent(4, seed=1)
  np.testing.assert_allclose(restored.generator(z), run.model.generator(z), rtol=1e-5, atol=1e-6)


def test_resume_with_other_settings_names_the_fields_and_touches_nothing(tmp_path):
  trainer.train(helpers.small_config(steps=10), tmp_path)
  stored = (tmp_path / "config.json").read_text()
  changed = helpers.small_config(steps=20)
  changed.model.g_hidden = (32,)
  changed.optimizer.g.learning_rate = 0.5
  with pytest.raises(config_lib.ConfigError, match=re.escape(
      "(config.model.g_hidden is [16] there, [32] now; config.optimizer.g.learning_rate is "
      "0.1 there, 0.5 now). Resume it with the run's values (drop those overrides), or start "
      "a new run with another --workdir.")):
    trainer.train(changed, tmp_path)
  assert (tmp_path / "config.json").read_text() == stored
  cli = helpers.run_python("-m", "zoo.train", "--config=configs/mnist_mlp.py:small",
                           "--config.data.source=synthetic", f"--workdir={tmp_path}",
                           "--config.model.g_hidden=(512, 512)", check=False)
  assert cli.returncode == 1 and "Traceback" not in cli.stderr
  assert "config.model.g_hidden is [16] there, [512, 512] now" in cli.stderr
  # What a resume may change: length, logging, checkpoints, evaluation, export.
  allowed = helpers.small_config(steps=40, log_every=20, sample_every=20, checkpoint_every=20,
                                 keep_checkpoints=5)
  allowed.export.enabled = False
  assert trainer.train(allowed, tmp_path).step == 40


def test_one_input_pipeline_per_run_and_a_checkpoint_per_interval(tmp_path, monkeypatch):
  # A new tf.data iterator per checkpoint cost up to 20 s each (its destructor waits for
  # the autotuning thread): checkpoints now come between epochs of one fit().
  made = []
  original = pipeline.train_dataset
  monkeypatch.setattr(pipeline, "train_dataset",
                      lambda *a, **k: made.append(1) or original(*a, **k))
  trainer.train(helpers.small_config(steps=40), tmp_path)
  assert len(made) == 1
  assert sorted(checkpoints.steps(tmp_path / "checkpoints")) == [20, 30, 40]  # keeps 3
  assert sorted(p.name for p in (tmp_path / "samples").glob("*.png")) == [
      f"step_00000{s}.png" for s in (10, 20, 30, 40)]


@pytest.mark.parametrize("start,total,every,plan", [
    (0, 15000, 1000, [(1000, 15)]), (0, 25, 10, [(10, 2), (5, 1)]),
    (25, 40, 10, [(5, 1), (10, 1)]), (5, 7, 10, [(2, 1)]), (40, 40, 10, [])])
def test_fit_plan_covers_the_steps_with_checkpoints_on_the_interval(start, total, every, plan):
  assert trainer.fit_plan(start, total, every) == plan


@pytest.mark.parametrize("name,policy", [("mnist_mlp", "none"), ("mnist_mlp", "ada"),
                                         ("grid25", "none"), ("mnist_ssgan", "none")])
def test_a_resumed_run_trains_exactly_as_an_unbroken_one(name, policy, tmp_path):
  # 64 examples in batches of 8: the resume at step 10 is inside the second pass over them.
  runs = []
  for run_name, stops in (("unbroken", [20]), ("resumed", [10, 20])):
    for steps in stops:
      config = helpers.small_config(name, steps=steps)
      if policy != "none":
        config_lib.override(config, "augment.policy", policy)
      run = trainer.train(config, tmp_path / run_name)
    assert run.step == 20
    runs.append(run)
  _assert_same_weights(*runs)
