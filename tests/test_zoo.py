"""Every registered model, at its small size: a few real train steps move every weight of
G and of its second network (D, encoder) and keep the losses finite, and the export
generates. Data: synthetic for the datasets on this machine, TFDS mock data for the
TFDS-only ones (CIFAR-10, CelebA), so that their TFDS preprocessing runs too."""
import contextlib

import keras
import numpy as np
import pytest
import tensorflow_datasets as tfds

from tests import helpers
from zoo import data
import zoo
from zoo.models import registry
from zoo.training import trainer
from zoo.data import local


def _data_for(config):
  ds_info = data.info(config.data.name)
  if ds_info.kind == "image" and ds_info.name not in local.LOADERS and not ds_info.own:
    config.data.source = "tfds"
    return tfds.testing.mock_data(num_examples=64)
  return contextlib.nullcontext()


@pytest.mark.parametrize("name", registry.names())
def test_model_trains_and_exports(name, tmp_path):
  config = helpers.small_config(name, steps=10)
  ds_info = data.info(config.data.name)
  keras.utils.set_random_seed(config.seed)  # as train() does: the same initial weights
  initial = trainer.build_model(config, ds_info.image_shape)
  with _data_for(config):
    run = trainer.train(config, tmp_path)
  assert run.step == 10
  if run.model.auxiliary is not None:
    d_steps = config.gan.d_steps if "gan" in config else 1
    assert int(run.model.d_optimizer.iterations) == 10 * d_steps
  pairs = [(initial.generator, run.model.generator)]
  if run.model.auxiliary is not None:
    pairs.append((initial.auxiliary, run.model.auxiliary))
  for before, after in pairs:
    for b, a in zip(before.trainable_variables, after.trainable_variables):
      assert not np.array_equal(np.asarray(b), np.asarray(a)), f"{a.path} did not move"
  assert all(np.all(np.isfinite(np.asarray(v))) for v in run.model.get_metrics_result().values())
  assert (tmp_path / "samples" / "step_0000010.png").exists()
  if config.eval.every:  # the toy models evaluate while they train
    assert '"step": 10' in (tmp_path / "metrics.jsonl").read_text()
  labels = [0, 1, 2] if run.model.conditional else None
  export = zoo.load(run.export_path)
  if export.translator:  # image-to-image: translate 3 inputs
    sources = np.random.default_rng(0).uniform(size=(3, *run.model.generator.source_shape))
    samples = export.translate(sources)
  else:
    samples = export.sample(3, seed=0, labels=labels)
  assert samples.shape == (3, *ds_info.image_shape) and np.all(np.isfinite(samples))
  if ds_info.kind == "image":
    assert 0 <= samples.min() <= samples.max() <= 1
