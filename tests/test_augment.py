"""DiffAugment and ADA (zoo/objectives/augment.py): shapes, differentiability, each op
against its definition, p = 0 is the identity, ADA's update against its formula, and p
saved in checkpoints and restored on resume."""
import numpy as np
import pytest
import tensorflow as tf

from tests import helpers
from zoo.objectives import augment
from zoo.training import trainer


def images(n=4, size=16, channels=1, seed=0):
  return tf.constant(np.random.default_rng(seed).uniform(size=(n, size, size, channels)),
                     tf.float32)


def test_neutral_draws_leave_images_unchanged():
  x = images()
  u = tf.fill([4, augment.DIFFAUGMENT_UNIFORMS], 0.5)
  out = augment.diff_augment(x, ("color", "translation"), u)
  np.testing.assert_allclose(out, x, atol=1e-6)  # brightness +0, x1 saturation, x1 contrast


def test_translation_moves_by_whole_pixels_with_zero_fill():
  x = images(n=1)
  out = augment.translate(x, tf.constant([[1.0, -1.0]]), ratio=0.125)  # +2 rows, -2 cols
  expected = np.zeros_like(x.numpy())
  expected[:, 2:, :-2] = x.numpy()[:, :-2, 2:]
  np.testing.assert_array_equal(out, expected)


def test_cutout_zeroes_a_square_of_half_the_size():
  x = tf.ones([8, 16, 16, 1])
  u = tf.constant(np.random.default_rng(1).uniform(size=(8, 2)), tf.float32)
  out = augment.cutout(x, u, ratio=0.5).numpy()
  zeroed = (out == 0).reshape(8, -1).sum(1)
  assert zeroed.max() == 64 and zeroed.min() > 0  # 8x8 inside; less where it leaves the image


@pytest.mark.parametrize("policy", ["diffaugment", "ada"])
def test_augmentations_are_differentiable_and_keep_the_shape(policy):
  x = images(channels=3)
  n = augment.DIFFAUGMENT_UNIFORMS if policy == "diffaugment" else augment.ADA_UNIFORMS
  u = tf.constant(np.random.default_rng(2).uniform(size=(4, n)), tf.float32)
  with tf.GradientTape() as tape:
    tape.watch(x)
    out = (augment.diff_augment(x, augment.DIFFAUGMENT_OPS, u) if policy == "diffaugment"
           else augment.ada_augment(x, tf.constant(1.0), u))
    loss = tf.reduce_sum(out * out)
  grad = tape.gradient(loss, x)
  assert out.shape == x.shape and grad is not None
  assert np.all(np.isfinite(grad)) and float(tf.reduce_sum(tf.abs(grad))) > 0
  assert not np.allclose(out, x)


def test_ada_at_p_zero_is_the_identity():
  x = images(channels=3)
  u = tf.constant(np.random.default_rng(3).uniform(size=(4, augment.ADA_UNIFORMS)), tf.float32)
  np.testing.assert_allclose(augment.ada_augment(x, tf.constant(0.0), u), x, atol=1e-5)


def test_ada_x_flip_alone_mirrors():
  x = images(n=1)
  u = np.ones((1, augment.ADA_UNIFORMS), np.float32)  # every transform off ...
  u[0, 0], u[0, 1] = 0.0, 0.0                          # ... but the x-flip, which is on
  out = augment.ada_augment(x, tf.constant(0.5), tf.constant(u))
  np.testing.assert_allclose(out, x.numpy()[:, :, ::-1], atol=1e-5)


def test_ada_update_follows_its_formula():
  model = tf.Module()
  model.add_weight = lambda **kw: tf.Variable(0.0, trainable=False, name=kw["name"])
  ada = augment.Augmentation(model, "ada", ada_target=0.6, ada_kimg=1, ada_interval=4)
  for step in (1, 2, 3):
    ada.observe(tf.constant([1.0, 1.0, 1.0, -1.0]))  # r = 0.5 each step
    ada.update(tf.constant(step), 64.0)
  assert float(ada.p) == 0.0  # not due yet
  ada.observe(tf.constant([1.0, 1.0, 1.0, 1.0]))      # r = 1: r_t = (0.5 * 3 + 1) / 4
  r_t = ada.update(tf.constant(4), 64.0)
  assert float(r_t) == pytest.approx(0.625)
  assert float(ada.p) == pytest.approx(64 * 4 / 1000)  # sign(0.625 - 0.6) = +1
  assert float(ada.variables["ada_sign_count"]) == 0.0


def test_ada_p_is_logged_saved_and_restored_on_resume(tmp_path):
  config = helpers.small_config("mnist_dcgan", steps=10)
  config.augment.update(policy="ada", ada_kimg=0.1, ada_target=0.01)  # p moves fast
  run = trainer.train(config, tmp_path)
  p = float(run.model.augmentation.p)
  assert p > 0
  assert {"ada_p", "r_t"} <= set(run.model.get_metrics_result())
  restored, _, _ = trainer.load_run(tmp_path)
  assert float(restored.augmentation.p) == p
  config.train.steps = 20
  resumed = trainer.train(config, tmp_path)
  assert float(resumed.model.augmentation.p) != 0.0 and resumed.step == 20


def test_diffaugment_trains_every_weight(tmp_path):
  config = helpers.small_config("mnist_dcgan", steps=10)
  config.augment.policy = "diffaugment"
  run = trainer.train(config, tmp_path)
  assert run.step == 10
  assert all(np.all(np.isfinite(np.asarray(v))) for v in run.model.get_metrics_result().values())
