"""Semi-supervised GAN (Salimans et al. 2016, section 5): D(x) = Z / (Z + 1), the losses
against improved-gan's expressions, the balanced labelled subset, weight norm's init, the
labels-only baseline, the `classify` export without zoo, and ssl_error."""
import keras
import numpy as np
import pytest
import tensorflow as tf

import zoo
from tests import helpers
from zoo import errors
from zoo import config as config_lib
from zoo import data
from zoo.data import labeled
from zoo.evaluation import runner, sources
from zoo.models import ssgan
from zoo.models.weight_norm import WeightNormDense
from zoo.objectives import ssgan as objective
from zoo.serving import saved_model
from zoo.training import trainer

RNG = np.random.default_rng(0)


def _discriminator(**kwargs):
  d = ssgan.SSGANDiscriminator(num_classes=10, hidden_units=(16, 8), **kwargs)
  d(np.zeros((2, 28, 28, 1), np.float32))
  return d


def test_d_of_x_is_z_over_z_plus_one():
  d = _discriminator()
  x = RNG.uniform(size=(5, 28, 28, 1)).astype(np.float32)
  z = np.exp(np.asarray(d.classify(x), np.float64)).sum(-1)
  d_of_x = np.asarray(keras.ops.sigmoid(d(x)), np.float64)
  np.testing.assert_allclose(d_of_x, z / (z + 1), rtol=1e-5)
  helpers.assert_serialization_round_trip(d, x)


def test_losses_are_improved_gan_expressions():
  lab, unl, gen = (RNG.normal(size=(6, 10)).astype(np.float32) for _ in range(3))
  y = RNG.integers(0, 10, 6)
  lse = lambda l: np.log(np.exp(l.astype(np.float64)).sum(-1))
  softplus = lambda v: np.log1p(np.exp(v))
  # train_mnist_feature_matching.py: loss_lab = -mean(l_lab[y]) + mean(LSE(l_lab)),
  # loss_unl = -mean(LSE(l_unl))/2 + mean(softplus(LSE(l_unl)))/2 + mean(softplus(LSE(l_gen)))/2
  loss_lab = -lab[np.arange(6), y] + lse(lab)
  loss_unl = -0.5 * lse(unl) + 0.5 * softplus(lse(unl)) + 0.5 * softplus(lse(gen))
  np.testing.assert_allclose(objective.labeled_loss(lab, y), loss_lab, rtol=1e-5)
  log_z = lambda l: keras.ops.logsumexp(l, axis=-1)
  np.testing.assert_allclose(objective.unlabeled_loss(log_z(unl), log_z(gen)), loss_unl,
                             rtol=1e-5)


def test_feature_matching_is_improved_gans_mean_over_features():
  # loss_gen = mean((mean_batch f(G(z)) - mean_batch f(x_unl))^2), f: D's last hidden layer
  model = _model(1.0)
  real, fake = (RNG.uniform(size=(6, 28, 28, 1)).astype(np.float32) for _ in range(2))
  feature = lambda x: np.asarray(model.discriminator.hidden_features(x), np.float64)
  model.discriminator.noise_in.stddev = 0.0  # the same features in both calls
  for noise in model.discriminator.noises:
    noise.stddev = 0.0
  value, _ = model._feature_matching(tf.constant(real), tf.constant(fake), None)
  expected = np.mean((feature(fake).mean(0) - feature(real).mean(0)) ** 2)
  np.testing.assert_allclose(float(value), expected, rtol=1e-5)


def test_data_init_standardizes_each_layer_with_its_noise_on():
  d = _discriminator(input_noise=0.3, hidden_noise=0.5)
  x = RNG.uniform(size=(500, 28, 28, 1)).astype(np.float32)
  d.initialize_from_data(x)
  clean = keras.layers.Flatten()(x)
  first = np.asarray(keras.ops.matmul(clean, d.hidden[0].kernel()) + d.hidden[0].b)
  # std 1 was reached with noise 0.3 on the input, so without it the spread is smaller
  assert 0.3 < first.std(0).mean() < 0.97


def test_labelled_subset_is_balanced_seeded_and_checked():
  labels = np.repeat(np.arange(10), 30)
  RNG.shuffle(labels)
  chosen = labeled.balanced_subset(labels, 50, 10, seed=3)
  assert np.array_equal(np.bincount(labels[chosen], minlength=10), np.full(10, 5))
  assert np.array_equal(chosen, labeled.balanced_subset(labels, 50, 10, seed=3))
  assert not np.array_equal(chosen, labeled.balanced_subset(labels, 50, 10, seed=4))
  with pytest.raises(ValueError, match="multiple of the 10 classes"):
    labeled.balanced_subset(labels, 55, 10, seed=0)
  with pytest.raises(ValueError, match="the training split has 30"):
    labeled.balanced_subset(labels, 400, 10, seed=0)


def test_batches_hold_labelled_images_beside_the_others():
  images = np.arange(200, dtype=np.uint8).reshape(200, 1, 1, 1)
  labels = np.arange(200) % 10
  ds = labeled.train_dataset(images, labels, 20, 10, 32, 1000, subset_seed=0, shuffle_seed=0)
  (unlabeled, tagged), y = next(iter(ds))
  assert unlabeled.shape == tagged.shape == (32, 1, 1, 1) and y.shape == (32,)
  chosen = set(labeled.balanced_subset(labels, 20, 10, 0))
  tagged_ids = np.round(tagged.numpy().ravel() * 255).astype(int)
  assert set(tagged_ids) <= chosen
  assert np.bincount(tagged_ids).max() <= 2  # the 20 tiled twice to fill a batch of 32
  np.testing.assert_array_equal(y.numpy(), labels[tagged_ids])
  assert not set(np.round(unlabeled.numpy().ravel() * 255).astype(int)) & chosen


def test_unlabelled_count_keeps_that_many_seeded_and_apart_from_the_labelled():
  images = np.arange(200).reshape(200, 1, 1, 1)
  labels = np.arange(200) % 10
  every, (_, _) = labeled.split(images, labels, 20, 10, seed=0)
  some, (x, _) = labeled.split(images, labels, 20, 10, seed=0, unlabeled=50)
  assert len(every) == 180 and len(some) == 50 and len(set(some.ravel())) == 50
  assert set(some.ravel()) <= set(every.ravel()) and not set(some.ravel()) & set(x.ravel())
  again, _ = labeled.split(images, labels, 20, 10, seed=0, unlabeled=50)
  other, _ = labeled.split(images, labels, 20, 10, seed=1, unlabeled=50)
  assert np.array_equal(some, again) and not np.array_equal(some, other)
  with pytest.raises(ValueError, match="data.unlabeled=181 asks for more"):
    labeled.split(images, labels, 20, 10, seed=0, unlabeled=181)


def test_weight_norm_data_init_standardizes_pre_activations():
  layer = WeightNormDense(6, activation="relu")
  x = RNG.normal(3.0, 2.0, size=(500, 10)).astype(np.float32)
  layer.initialize_from_data(x)
  pre = np.asarray(keras.ops.matmul(x, layer.kernel()) + layer.b)
  np.testing.assert_allclose(pre.mean(0), 0, atol=1e-4)
  np.testing.assert_allclose(pre.std(0), 1, rtol=1e-3)
  np.testing.assert_allclose(np.linalg.norm(np.asarray(layer.kernel()), axis=0),
                             np.asarray(layer.g), rtol=1e-5)
  assert [v.name for v in layer.trainable_weights] == ["v", "b"]  # g only by the init



def test_v_starts_as_improved_gan_starts_it():
  """D's layers start v from N(0, 0.1^2) (nn.DenseLayer); G's pixels, with output_init=
  "glorot_uniform" (a Lasagne DenseLayer in nn.l2normalize), from Glorot-uniform: columns 2.5
  times shorter, so Adam turns W faster."""
  g = ssgan.SSGANGenerator(100, (28, 28, 1), output_init="glorot_uniform", name="g")
  g(np.zeros((2, 100), np.float32))
  norms = np.linalg.norm(np.asarray(g.out.v), axis=0)
  np.testing.assert_allclose(norms.mean(), np.sqrt(500 * 6 / (500 + 784) / 3), rtol=0.02)
  d = _discriminator()
  np.testing.assert_allclose(np.linalg.norm(np.asarray(d.hidden[0].v), axis=0).mean(),
                             0.1 * np.sqrt(784), rtol=0.02)
  helpers.assert_serialization_round_trip(g, np.ones((3, 100), np.float32))
  assert ssgan.SSGANGenerator.from_config(g.get_config()).output_init == "glorot_uniform"
  default = ssgan.SSGANGenerator(100, (28, 28, 1), name="g")
  default(np.zeros((2, 100), np.float32))
  np.testing.assert_allclose(np.linalg.norm(np.asarray(default.out.v), axis=0).mean(),
                             0.1 * np.sqrt(500), rtol=0.02)

def _model(unlabeled_weight):
  config = helpers.small_config("mnist_ssgan")
  config.ssl.unlabeled_weight = unlabeled_weight
  keras.utils.set_random_seed(0)
  return trainer.build_model(config, (28, 28, 1), jit_compile=False)


def _d_after_one_step(unlabeled_weight, unlabeled):
  model = _model(unlabeled_weight)
  labelled = np.full((8, 28, 28, 1), 0.5, np.float32)
  labels = np.arange(8) % 10
  model.train_step(((tf.constant(unlabeled), tf.constant(labelled)), tf.constant(labels)))
  return [np.asarray(v) for v in model.discriminator.trainable_variables]


def test_baseline_d_learns_from_the_labels_alone():
  a, b = (RNG.uniform(size=(8, 28, 28, 1)).astype(np.float32) for _ in range(2))
  # Noise is drawn from the same seeds in each run; only the unlabelled batch differs.
  for x, y in zip(_d_after_one_step(0.0, a), _d_after_one_step(0.0, b)):
    np.testing.assert_array_equal(x, y)
  moved = [np.abs(x - y).max() for x, y in zip(_d_after_one_step(1.0, a),
                                                _d_after_one_step(1.0, b))]
  assert max(moved) > 1e-6


def test_config_refuses_unbalanced_label_counts():
  config = helpers.small_config("mnist_ssgan")
  config.data.labeled = 15
  with pytest.raises(config_lib.ConfigError, match="multiple of the 10 classes"):
    config_lib.validate(config)
  config.data.update(labeled=20, unlabeled=-1)
  with pytest.raises(config_lib.ConfigError, match="data.unlabeled"):
    config_lib.validate(config)


def test_run_draws_its_unlabelled_batches_from_data_unlabeled_images():
  config = helpers.small_config("mnist_ssgan")
  config.data.update(labeled=20, unlabeled=30)
  images = np.arange(200, dtype=np.uint8).reshape(200, 1, 1, 1)
  ds = trainer._train_dataset(config, images, np.arange(200) % 10, seed=0)
  seen = set()
  for (unlabeled, _), _ in ds.take(20):
    seen |= set(np.round(unlabeled.numpy().ravel() * 255).astype(int))
  assert len(seen) == 30


def test_improved_gans_unlabelled_set_and_gs_own_batch_as_options():
  config = helpers.small_config("mnist_ssgan")
  config.data.update(labeled=20, unlabeled_includes_labeled=True, separate_g_batch=True)
  config_lib.validate(config)
  images = np.arange(200, dtype=np.uint8).reshape(200, 1, 1, 1)
  ds = trainer._train_dataset(config, images, np.arange(200) % 10, seed=0)
  seen, differ = set(), False
  for (unlabeled, _, for_g), _ in ds.take(40):
    ids, g_ids = (np.round(x.numpy().ravel() * 255).astype(int) for x in (unlabeled, for_g))
    seen |= set(ids) | set(g_ids)
    differ |= not np.array_equal(ids, g_ids)
  assert differ and len(seen) == 200  # the 20 labelled digits among them


def _after_one_step(*images):
  model = _model(1.0)
  labels = np.arange(8) % 10
  model.train_step((tuple(tf.constant(x) for x in images), tf.constant(labels)))
  return [np.asarray(v) for v in model.discriminator.trainable_variables], [
      np.asarray(v) for v in model.generator.trainable_variables]


def test_g_matches_the_features_of_its_own_batch_when_given_one():
  u, lab, g1, g2 = (RNG.uniform(size=(8, 28, 28, 1)).astype(np.float32) for _ in range(4))
  d1, gen1 = _after_one_step(u, lab, g1)
  d2, gen2 = _after_one_step(u, lab, g2)
  _, shared = _after_one_step(u, lab)
  _, own_is_u = _after_one_step(u, lab, u)
  for x, y in zip(d1, d2):  # D never sees G's batch
    np.testing.assert_array_equal(x, y)
  assert max(np.abs(x - y).max() for x, y in zip(gen1, gen2)) > 1e-6
  for x, y in zip(shared, own_is_u):  # without one, G matches D's unlabelled batch
    np.testing.assert_array_equal(x, y)


def test_ssl_error_is_the_test_error_of_the_classes():
  data_config = config_lib.base_config("mnist_ssgan", "mnist").data
  data_config.update(source="synthetic", synthetic_examples=300)
  evaluator = runner.Evaluator(data_config, ["ssl_error"])
  evaluator.prepare()
  truth = data.load(data_config, "test")[1]  # loaded apart from the evaluator under test
  always_three = lambda x: np.eye(10)[np.full(len(x), 3)]
  source = sources.Source("m", "mnist", (28, 28, 1), None, "test", classify=always_three)
  report = evaluator(source)
  assert report["metrics"]["ssl_error"] == pytest.approx(np.mean(truth != 3))
  assert report["num_samples"] == 0  # no samples drawn for it
  with pytest.raises(runner.EvaluationError, match="semi-supervised D"):
    evaluator(sources.Source("m", "mnist", (28, 28, 1), None, "test"))


def test_classify_export_in_a_process_without_zoo(tmp_path):
  model = _model(1.0)
  x = RNG.uniform(size=(3, 28, 28, 1)).astype(np.float32)
  expected = np.asarray(keras.ops.softmax(model.discriminator.classify(x)))
  path = saved_model.export_generator(model.generator, tmp_path / "ssl", max_num=4,
                                      **model.query_networks())
  assert saved_model.read_metadata(path)["classify_classes"] == 10
  out = helpers.run_image_signatures_without_zoo(path, x, ["classify"], 4, tmp_path)
  np.testing.assert_allclose(np.array(out["classify"]["probabilities"]), expected, atol=1e-5)
  assert out["classify"]["classes"] == expected.argmax(-1).tolist()
  client = zoo.load(path)
  np.testing.assert_allclose(client.classify(x), expected, atol=1e-5)
  with pytest.raises(errors.InvalidInputError, match="classify refused the request: `images` "
                     "must be pixel values from 0 to 1"):
    client.classify(x + 2.0)


def test_test_error_uses_a_polyak_average_of_d():
  model = _model(1.0)
  before = [np.asarray(v) for v in model.discriminator.trainable_variables]
  batch = RNG.uniform(size=(8, 28, 28, 1)).astype(np.float32)
  model.train_step(((tf.constant(batch), tf.constant(batch)), tf.constant(np.arange(8) % 10)))
  after = [np.asarray(v) for v in model.discriminator.trainable_variables]
  decay = model.classifier_ema
  averaged = model.averaged_classifier()
  for w0, w1, a in zip(before, after, averaged.trainable_variables):
    np.testing.assert_allclose(np.asarray(a), decay * w0 + (1 - decay) * w1, rtol=1e-5,
                               atol=1e-7)
  assert model.query_networks()["classifier"] is averaged
  x = RNG.uniform(size=(3, 28, 28, 1)).astype(np.float32)
  assert not np.allclose(averaged.classify(x), model.discriminator.classify(x))
