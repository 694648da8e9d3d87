"""G's batch-norm statistics re-estimated at its current weights: PacGAN's refresh before
samples, evaluations and checkpoints (zoo/training/batch_norm_refresh.py;
train.bn_refresh_batches), and the EMA copy's standing statistics
(zoo/models/batch_norm_statistics.py; train.ema_bn_batches)."""
import json

import numpy as np
import pytest
import tensorflow as tf

from tests import helpers
from zoo import config as config_lib
from zoo import priors
from zoo.evaluation import runner, sources
from zoo.models import batch_norm_statistics
from zoo.models.layers import BatchNormalization
from zoo.training import batch_norm_refresh, trainer


def _first_norm(generator):
  return next(layer for layer in generator.hidden if isinstance(layer, BatchNormalization))


def test_each_batch_moves_the_statistics_by_the_momentum():
  generator = helpers.build_generator("ring8_r1")
  norm = _first_norm(generator)
  old = norm.moving_mean.numpy().copy()
  batch_norm_refresh.refresh(generator, batches=1, batch_size=16, seed=7)
  z = priors.sample_stateless("normal", (16, generator.latent_dim), tf.constant([7, 0], tf.int64))
  batch_mean = np.mean(generator.hidden[0](z).numpy(), axis=0)
  np.testing.assert_allclose(norm.moving_mean.numpy(), 0.95 * old + 0.05 * batch_mean,
                             rtol=1e-5, atol=1e-7)


def _ring_config(steps, **train):
  config = helpers.small_config("ring8_r1", steps=steps, **train)
  config.eval.update(metrics="modes,d_half", num_samples=64)
  return config


def test_refresh_and_momentum_change_no_training_only_what_samples_read(tmp_path):
  configs = {"pacgan": _ring_config(20), "no_refresh": _ring_config(20, bn_refresh_batches=0),
             "keras": _ring_config(20, bn_refresh_batches=0)}
  configs["keras"].model.g_bn_momentum = 0.99
  runs = {name: trainer.train(config, tmp_path / name).model for name, config in configs.items()}
  pacgan = runs.pop("pacgan")
  for other in runs.values():
    for a, b in zip(pacgan.discriminator.weights + pacgan.generator.trainable_weights,
                    other.discriminator.weights + other.generator.trainable_weights):
      np.testing.assert_array_equal(a.numpy(), b.numpy(), err_msg=a.name)
  for a, b, c in zip(pacgan.generator.non_trainable_weights,
                     runs["no_refresh"].generator.non_trainable_weights,
                     runs["keras"].generator.non_trainable_weights):
    assert min(np.abs(a - b).max(), np.abs(a - c).max(), np.abs(b - c).max()) > 1e-4, a.name


def test_the_evaluation_and_the_checkpoint_of_a_step_see_the_refreshed_statistics(tmp_path):
  config = _ring_config(20)
  assert config.train.bn_refresh_batches == 50 and config.eval.every == 10
  trainer.train(config, tmp_path)
  logged = [json.loads(line) for line in (tmp_path / "metrics.jsonl").read_text().splitlines()]
  source, data_config = trainer.evaluation_source(tmp_path, step=20)
  evaluator = runner.Evaluator(data_config, metrics=["modes", "d_half"], num_samples=64,
                               seed=config.seed, progress=False)
  key = "d_distance_from_half"  # mean |D(x) - 1/2| over data and G's samples
  assert logged[-1]["step"] == 20
  assert evaluator(source)["metrics"][key] == logged[-1][key]
  # Refreshing the checkpoint's G once more moves what it samples: the check above can fail.
  model, _, _ = trainer.load_run(tmp_path, step=20)
  batch_norm_refresh.refresh(model.generator, 50, 8, seed=1)
  again = evaluator(sources.from_model(model, config.model_name, config.data.name, 20,
                                       discriminator=trainer.discriminator_probability(model)))
  assert again["metrics"][key] != logged[-1][key]


@pytest.mark.parametrize("value", [-1, True])
def test_bad_refresh_counts_name_the_field(value):
  config = _ring_config(20)
  config.train.bn_refresh_batches = value
  with pytest.raises(config_lib.ConfigError, match=r"train\.bn_refresh_batches must be"):
    config_lib.validate(config)


def test_standing_statistics_are_the_mean_of_the_batches_and_forget_the_old():
  generator = helpers.build_generator("ring8_r1")
  norm = _first_norm(generator)
  norm.moving_mean.assign(norm.moving_mean + 1e3)
  assert batch_norm_statistics.standing(generator, batches=3, batch_size=16, seed=7) == len(
      batch_norm_statistics.batch_norms(generator)) > 0
  inputs = [generator.hidden[0](priors.sample_stateless(
      "normal", (16, generator.latent_dim), tf.constant([7, i], tf.int64))).numpy()
            for i in range(3)]
  np.testing.assert_allclose(norm.moving_mean.numpy(),
                             np.mean([x.mean(axis=0) for x in inputs], axis=0), atol=1e-5)
  np.testing.assert_allclose(norm.moving_variance.numpy(),
                             np.mean([x.var(axis=0) for x in inputs], axis=0), rtol=1e-4)
  assert norm.momentum == 0.95  # the layer's own, back after the estimate


def _trained_with_ema(tmp_path, **train):
  config = _ring_config(20, ema_decay=0.9, bn_refresh_batches=0, **train)
  return trainer.train(config, tmp_path).model


def test_the_ema_copy_has_statistics_of_its_own_weights(tmp_path):
  model = _trained_with_ema(tmp_path)
  sampler = model.sampling_generator()
  assert sampler is not model.generator
  expected = sampler.__class__.from_config(sampler.get_config())
  expected(expected.sample_latent(2, seed=0))
  expected.set_weights(sampler.get_weights())
  batch_norm_statistics.standing(expected, model.ema_bn_batches, model.ema_bn_batch_size,
                                 seed=0)
  live = model.generator.non_trainable_weights
  for got, want, old in zip(sampler.non_trainable_weights, expected.non_trainable_weights, live):
    np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-5, atol=1e-6,
                               err_msg=got.name)
    assert np.abs(got.numpy() - old.numpy()).max() > 1e-3, got.name  # not the live G's
  assert (model.ema_bn_batches, model.ema_bn_batch_size) == (50, _ring_config(20).train.batch_size)


def test_no_ema_statistics_batches_copies_the_live_generators(tmp_path):
  model = _trained_with_ema(tmp_path, ema_bn_batches=0)
  for got, live in zip(model.sampling_generator().non_trainable_weights,
                       model.generator.non_trainable_weights):
    np.testing.assert_array_equal(got.numpy(), live.numpy())


def test_the_benchmark_compares_both_statistics_on_a_run(tmp_path):
  _trained_with_ema(tmp_path / "ema")
  trainer.train(_ring_config(20), tmp_path / "plain")
  result = helpers.run_python("benchmarks/ema_statistics.py", str(tmp_path / "ema"))
  lines = result.stdout.splitlines()
  assert f"{tmp_path / 'ema'} (step 20): live G " in lines[0]
  assert [line.split(":")[0] for line in lines[1:]] == [
      "live G", "EMA, live G's statistics", "EMA, its own statistics"]
  refused = helpers.run_python("benchmarks/ema_statistics.py", str(tmp_path / "plain"),
                               check=False)
  assert refused.returncode != 0 and "train.ema_decay > 0" in refused.stderr


def _gaps(line):
  """{part: max |a - b|} from one line of benchmarks/compare_runs.py."""
  return {part: float(value) for part, value in
          (item.rsplit(" ", 1) for item in line.split("): ", 1)[1].split(", "))}


def test_compare_runs_finds_the_same_training_only_where_it_was(tmp_path):
  _trained_with_ema(tmp_path / "a")
  _trained_with_ema(tmp_path / "b", ema_bn_batches=0)  # changes sampling, not training
  other_seed = _ring_config(20)
  other_seed.seed = 1
  trainer.train(other_seed, tmp_path / "c")
  a, b, c = (str(tmp_path / name) for name in "abc")
  lines = helpers.run_python("benchmarks/compare_runs.py", a, b, a, c,
                             "--step=20").stdout.splitlines()
  same, different = _gaps(lines[0]), _gaps(lines[1])
  assert same == {"G": 0, "G's statistics": 0, "D": 0, "D's statistics": 0, "EMA": 0}
  assert "EMA" not in different and different["G"] > 0 and different["D"] > 0
  odd = helpers.run_python("benchmarks/compare_runs.py", a, b, c, check=False)
  assert odd.returncode != 0 and "in pairs" in odd.stderr
