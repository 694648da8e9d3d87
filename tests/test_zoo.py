"""Every registered model, at its small size on synthetic data: a few real train steps
move every weight of G and D and keep the losses finite, and the export generates."""
import keras
import numpy as np
import pytest

from tests import helpers
from zoo import data, generate, registry, trainer


@pytest.mark.parametrize("name", registry.names())
def test_model_trains_and_exports(name, tmp_path):
  config = helpers.small_config(name, steps=2, log_every=1)
  image_shape = data.info(config.data.name).image_shape
  keras.utils.set_random_seed(config.seed)  # as train() does: the same initial weights
  initial = trainer.build_gan(config, image_shape)
  run = trainer.train(config, tmp_path)
  assert run.step == 2
  assert int(run.gan.d_optimizer.iterations) == 2 * config.gan.d_steps
  for before, after in ((initial.generator, run.gan.generator),
                        (initial.discriminator, run.gan.discriminator)):
    for b, a in zip(before.trainable_variables, after.trainable_variables):
      assert not np.array_equal(np.asarray(b), np.asarray(a)), f"{a.path} did not move"
  losses = [v for v in run.gan.get_metrics_result().values()]
  assert all(np.all(np.isfinite(np.asarray(v))) for v in losses)
  labels = [0, 1, 2] if run.gan.conditional else None
  images = generate.generate(str(run.export_path), 3, seed=0, labels=labels)
  assert images.shape == (3, *image_shape) and 0 <= images.min() <= images.max() <= 1
