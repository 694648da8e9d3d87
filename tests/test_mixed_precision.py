"""train.mixed_precision: float32 variables, bfloat16 or float16 computation, float32 losses
and exports; float16 gets a loss scale."""
import keras
import numpy as np
import pytest

from tests import helpers
from zoo import config as config_lib
import zoo
from zoo.training import trainer


@pytest.mark.parametrize("name", ["mnist_mlp", "mnist_dcgan", "mnist_gmmn_ae", "mnist_vae"])
def test_mixed_bfloat16_trains_and_exports_float32_images(name, tmp_path):
  config = helpers.small_config(name, steps=10)
  config.train.mixed_precision = "mixed_bfloat16"
  keras.utils.set_random_seed(config.seed)
  initial = trainer.build_model(config, (28, 28, 1))
  run = trainer.train(config, tmp_path)
  model = run.model
  layers = [l for l in model.generator._flatten_layers() if l.weights]
  assert layers and all(l.compute_dtype == "bfloat16" for l in layers)
  assert all(v.dtype == "float32" for v in model.generator.weights + model.auxiliary.weights)
  assert all(np.all(np.isfinite(np.asarray(v))) for v in model.get_metrics_result().values())
  moved = [not np.array_equal(np.asarray(a), np.asarray(b)) for a, b in
           zip(initial.generator.trainable_variables, model.generator.trainable_variables)]
  assert all(moved)
  assert keras.config.dtype_policy().name == "float32"  # the policy did not leak
  images = zoo.load(run.export_path).sample(3, seed=0)
  assert images.dtype == np.float32 and 0 <= images.min() <= images.max() <= 1


def test_mixed_float16_scales_the_losses(tmp_path):
  config = helpers.small_config("mnist_mlp", steps=10)
  config.train.mixed_precision = "mixed_float16"
  run = trainer.train(config, tmp_path)
  for optimizer in (run.model.g_optimizer, run.model.d_optimizer):
    assert isinstance(optimizer, keras.optimizers.LossScaleOptimizer)
  assert all(np.all(np.isfinite(np.asarray(v))) for v in run.model.get_metrics_result().values())


def test_float16_is_refused_for_the_vae_and_unknown_policies_for_all():
  config = helpers.small_config("mnist_vae")
  config.train.mixed_precision = "mixed_float16"
  with pytest.raises(config_lib.ConfigError, match="must be mixed_bfloat16 or '' for a VAE"):
    config_lib.validate(config)
  config.train.mixed_precision = "float8"
  with pytest.raises(config_lib.ConfigError, match="train.mixed_precision must be one of"):
    config_lib.validate(config)
