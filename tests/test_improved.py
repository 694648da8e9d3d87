"""Salimans et al. 2016's techniques against their formulas (minibatch discrimination,
one-sided label smoothing, feature matching and its gradient, historical averaging) and
PacGAN's packing and the Unrolled GAN's unrolling; the GAN options that use them, trained, checkpointed and validated."""
import re

import keras
import numpy as np
import pytest
import tensorflow as tf

import zoo
from tests import helpers
from zoo import config as config_lib
from zoo.models import base, mlp, toy
from zoo.models.layers import MinibatchDiscrimination
from zoo.objectives import losses, unrolled
from zoo.objectives.historical import HistoricalAverage
from zoo.training import trainer


def test_minibatch_discrimination_is_the_papers_formula():
  rng = np.random.default_rng(0)
  f = rng.normal(size=(5, 4)).astype(np.float32)
  layer = MinibatchDiscrimination(3, 2)
  out = layer(f).numpy()
  t = layer.kernel.numpy() / np.linalg.norm(layer.kernel.numpy(), axis=0)  # unit columns
  np.testing.assert_allclose(layer.tensor().numpy(), t, rtol=1e-5)
  m = (f @ t).reshape(5, 3, 2)
  c = np.exp(-np.abs(m[:, None] - m[None, :]).sum(-1))  # [i, j, b]
  o = c.sum(1) - 1.0 - 1.0  # j != i, and improved-gan's starting bias of -1
  np.testing.assert_allclose(out, np.concatenate([f, o], 1), rtol=1e-5, atol=1e-6)
  # A batch of copies (a collapsed G) gives o = n - 1 in every kernel: easy to spot.
  np.testing.assert_allclose(layer(np.repeat(f[:1], 5, 0)).numpy()[:, 4:], 4.0 - 1.0, rtol=1e-6)


def test_minibatch_init_puts_nearest_neighbours_at_distance_two():
  """improved-gan's init: an example's nearest other example at mean L1 distance 2 in every
  kernel, o of mean 0 over the batch; small random features otherwise leave o at n - 1."""
  rng = np.random.default_rng(0)
  f = (1e-3 * rng.normal(size=(50, 8))).astype(np.float32)
  layer = MinibatchDiscrimination(4, 3)
  before = layer(f).numpy()[:, 8:] + 1.0  # without the starting bias
  assert np.all(before > 48.5)  # every pair looks alike: nothing to learn from
  layer.initialize_from_data(f)
  m = (f @ layer.tensor().numpy()).reshape(50, 4, 3)
  l1 = np.abs(m[:, None] - m[None, :]).sum(-1) + 1e30 * np.eye(50)[:, :, None]
  np.testing.assert_allclose(l1.min(1).mean(0), 2.0, rtol=1e-4)
  after = layer(f).numpy()[:, 8:]
  np.testing.assert_allclose(after.mean(0), 0.0, atol=1e-5)
  assert after.std(0).min() > 1e-3


def test_training_starts_with_the_minibatch_init(tmp_path):
  """zoo.train runs the init on real data, packed as the packed D sees it: the layer's scales
  move far from their start (0) before the first step; resuming does not run it again."""
  config = helpers.small_config("ring8_r1_minibatch", steps=10)
  config.gan.pack, config.train.batch_size, config.train.checkpoint_every = 2, 20, 10
  layer = trainer.train(config, tmp_path).model.discriminator.minibatch
  assert np.abs(layer.log_scale.numpy()).mean() > 1.0
  points = zoo.data.load(config.data, "train")[0][:500]
  fresh = trainer.build_model(config, (2,), jit_compile=False)
  fresh.initialize_from_data(points)
  h = fresh.discriminator.hidden_features(fresh._pack(tf.constant(points)), training=True)
  n = len(points) // 2
  m = tf.reshape(tf.matmul(h, fresh.discriminator.minibatch.tensor()), (n, 100, 5)).numpy()
  l1 = np.abs(m[:, None] - m[None, :]).sum(-1) + 1e30 * np.eye(n)[:, :, None]
  np.testing.assert_allclose(l1.min(1).mean(0), 2.0, rtol=1e-3)
  config.train.steps = 20
  resumed = trainer.train(config, tmp_path).model.discriminator.minibatch
  step_size = np.abs(resumed.log_scale.numpy() - layer.log_scale.numpy()).max()
  assert 0 < step_size < 1e-2  # ten Adam steps, not a second init


def test_no_data_init_reads_data_without_a_minibatch_layer(tmp_path, monkeypatch):
  """Only models with a data-dependent init read real examples before the first step (a
  folder of large images would otherwise be decoded for nothing)."""
  def fail(*args):
    raise AssertionError("read examples for a data-dependent init")
  monkeypatch.setattr(trainer, "_first_images", fail)
  assert trainer.train(helpers.small_config("ring8_r1", steps=10), tmp_path).model.step == 10


def test_discriminator_with_minibatch_discrimination_round_trips():
  d = base.with_minibatch_discrimination(mlp.MaxoutDiscriminator((8,), pieces=2, name="d"), 4, 3)
  x = np.random.default_rng(1).uniform(size=(6, 28, 28, 1)).astype(np.float32)
  d(x)
  assert d.logit.kernel.shape == (8 + 4, 1)
  helpers.assert_serialization_round_trip(d, x)


def test_one_sided_label_smoothing_is_the_formula():
  real, fake = tf.constant([-2.0, 0.3, 4.0]), tf.constant([1.0, -0.5, 0.0])
  d_real, d_fake = tf.sigmoid(real), tf.sigmoid(fake)
  expected = -(0.9 * np.log(d_real) + 0.1 * np.log(1 - d_real) + np.log(1 - d_fake))
  np.testing.assert_allclose(losses.one_sided_smoothed_discriminator_loss(real, fake, 0.1),
                             expected, rtol=1e-5)
  np.testing.assert_allclose(losses.one_sided_smoothed_discriminator_loss(real, fake, 0.0),
                             losses.minimax_discriminator_loss(real, fake), rtol=1e-6)


def test_feature_matching_value_and_gradient():
  rng = np.random.default_rng(2)
  real = tf.constant(rng.normal(size=(6, 3)), tf.float32)
  fake = tf.Variable(rng.normal(size=(4, 3)), dtype=tf.float32)
  with tf.GradientTape(persistent=True) as tape:
    value, surrogate = losses.feature_matching_loss(real, fake)
    exact = tf.reduce_sum(tf.square(tf.reduce_mean(real, 0) - tf.reduce_mean(fake, 0)))
  np.testing.assert_allclose(value, exact, rtol=1e-6)
  np.testing.assert_allclose(tape.gradient(surrogate, fake), tape.gradient(exact, fake),
                             rtol=1e-5)
  zero, zero_surrogate = losses.feature_matching_loss(real, real)  # batches that match
  assert float(zero) == 0.0 and float(zero_surrogate) == 0.0


def test_historical_average_is_the_mean_of_every_value():
  v = tf.Variable([1.0, -2.0])
  history = HistoricalAverage()
  history.track([v])
  values = [[1.0, -2.0]]
  for new in ([3.0, 0.0], [-1.0, 4.0], [0.5, 0.5]):
    v.assign(new)
    history.update([v])
    values.append(new)
  mean = np.mean(values, 0)
  np.testing.assert_allclose(history.averages[0].numpy(), mean, rtol=1e-6)
  v.assign([2.0, 2.0])
  np.testing.assert_allclose(history.penalty([v]), np.sum((np.array([2.0, 2.0]) - mean) ** 2),
                             rtol=1e-6)


def improved_config(name="mnist_mlp", **gan):
  config = helpers.small_config(name, steps=20)
  config.gan.update(dict(feature_matching=True, label_smoothing=0.1, historical_averaging=0.01,
                         minibatch_kernels=4, minibatch_dims=3), **gan)
  return config


def test_every_option_trains_checkpoints_and_resumes(tmp_path):
  run = trainer.train(improved_config(), tmp_path)
  assert np.isfinite(run.model.generator.get_weights()[0]).all()
  history = run.model.historical
  assert float(history["generator"].count) == 21.0  # the start and 20 G updates
  model, _, step = trainer.load_run(tmp_path)
  assert step == 20 and float(model.historical["generator"].count) == 21.0
  for restored, trained in zip(model.historical["discriminator"].averages,
                               history["discriminator"].averages):
    np.testing.assert_array_equal(restored.numpy(), trained.numpy())
  assert model.discriminator.minibatch is not None and model.feature_matching


def test_feature_matching_gives_g_the_exact_gradient():
  config = improved_config(historical_averaging=0.0, minibatch_kernels=0)
  config.model.dropout = config.model.input_dropout = 0.0
  model = trainer.build_model(config, (28, 28, 1), jit_compile=False)
  real = tf.random.uniform((8, 28, 28, 1), seed=3)
  z = model._noise(real, 1)
  f = lambda x: model.discriminator.hidden_features(x, training=True)
  variables = model.generator.trainable_variables
  with tf.GradientTape(persistent=True) as tape:
    fake = model._generate(z)
    value, surrogate = model._feature_matching(real, fake, None)
    exact = tf.reduce_sum(tf.square(tf.reduce_mean(f(real), 0) - tf.reduce_mean(f(fake), 0)))
  assert float(exact) > 0
  np.testing.assert_allclose(value, exact, rtol=1e-5)
  for a, b in zip(tape.gradient(surrogate, variables), tape.gradient(exact, variables)):
    np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-8)


@pytest.mark.parametrize("field,value,message", [
    ("label_smoothing", 1.0, "must be in [0, 1)"),
    ("historical_averaging", -1.0, "must be >= 0"),
    ("minibatch_kernels", -2, "must be >= 0"),
])
def test_bad_settings_name_the_field(field, value, message):
  config = helpers.small_config()
  config.gan[field] = value
  with pytest.raises(config_lib.ConfigError, match=re.escape(f"gan.{field} {message}")):
    config_lib.validate(config)


def test_label_smoothing_needs_the_minimax_loss():
  config = helpers.small_config("fashion_mnist_wgan_gp")
  config.gan.label_smoothing = 0.1
  with pytest.raises(config_lib.ConfigError, match="set gan.discriminator_loss=minimax"):
    config_lib.validate(config)


def test_pacgan_d_judges_m_consecutive_samples_at_once():
  model = trainer.build_model(zoo_config("grid25_pacgan3"), (2,), jit_compile=False)
  points = tf.reshape(tf.range(18, dtype=tf.float32), (9, 2))
  packed = model._pack(points).numpy()
  assert packed.shape == (3, 6)
  np.testing.assert_array_equal(packed[1], [6, 8, 10, 7, 9, 11])  # samples 3, 4, 5
  assert model.discriminator.weights[0].shape[0] == 6 and model._score(points).shape == (3,)
  images = tf.reshape(tf.range(4 * 2 * 2 * 1, dtype=tf.float32), (4, 2, 2, 1))
  model.pack = 2
  np.testing.assert_array_equal(model._pack(images).numpy()[0, :, :, 1], images[1, :, :, 0])


def zoo_config(name):
  return zoo.get_config(name, size="small")


@pytest.mark.parametrize("base", ["grid25", "ring8_r1"])
def test_pacgan_protocol_networks_and_decisions_per_step(base):
  """PacGAN's toy code: maxout D (200 x 5 pieces), weights from N(0, 0.02^2), and D judges
  as many packs per step as the plain model judges points."""
  plain = zoo.get_config(base)
  for m in (2, 3, 4):
    packed = zoo.get_config(f"{base}_pacgan{m}")
    assert packed.gan.pack == m and packed.train.batch_size == m * plain.train.batch_size
    assert packed.model.to_dict() == plain.model.to_dict()
  _, d = toy.build(plain.model, (2,))
  d(tf.zeros((1000, 2)))
  assert [type(layer).__name__ for layer in d.hidden] == ["Maxout"] * 3
  assert d.hidden[1].dense.kernel.shape == (200, 1000)
  np.testing.assert_allclose(np.std(d.hidden[1].dense.kernel.numpy()), 0.02, rtol=0.05)


def test_unrolled_scores_follow_a_manual_unroll():
  d = toy.PointDiscriminator((8,))
  d(tf.zeros((2, 2)))
  optimizer = keras.optimizers.SGD(0.1)
  optimizer.build(d.trainable_variables)
  real, fake = tf.random.normal((6, 2), seed=1), tf.random.normal((6, 2), seed=2)
  same, d_loss = (lambda x: x), losses.minimax_discriminator_loss
  np.testing.assert_allclose(unrolled.unrolled_scores(d, optimizer, d_loss, same, real, fake, 0),
                             d(fake), rtol=1e-6)
  copy = toy.PointDiscriminator((8,))
  copy(tf.zeros((2, 2)))
  copy.set_weights(d.get_weights())
  for _ in range(2):  # two plain SGD steps on the copy
    with tf.GradientTape() as tape:
      loss = tf.reduce_mean(losses.minimax_discriminator_loss(copy(real), copy(fake)))
    for v, g in zip(copy.trainable_variables, tape.gradient(loss, copy.trainable_variables)):
      v.assign_sub(0.1 * g)
  scores = unrolled.unrolled_scores(d, optimizer, d_loss, same, real, fake, 2)
  np.testing.assert_allclose(scores, copy(fake), rtol=1e-5, atol=1e-6)


def test_unrolled_g_step_leaves_d_and_its_optimizer_untouched():
  model = trainer.build_model(zoo_config("ring8_unrolled5"), (2,), jit_compile=False)
  real = tf.random.normal((8, 2), seed=3)
  model._d_step(real)  # Adam's slots are no longer zero
  d_before = [v.numpy().copy() for v in model.discriminator.weights]
  slots_before = [v.numpy().copy() for v in model.d_optimizer.variables]
  g_before = [v.numpy().copy() for v in model.generator.weights]
  model._g_step(real)
  for v, before in zip(model.discriminator.weights, d_before):
    np.testing.assert_array_equal(v.numpy(), before)
  for v, before in zip(model.d_optimizer.variables, slots_before):
    np.testing.assert_array_equal(v.numpy(), before)
  assert any(np.abs(v.numpy() - b).max() > 0 for v, b in zip(model.generator.weights, g_before))
