"""zoo.evaluate's library: the Evaluator on constructed generators with a small fixed
feature extractor, its refusals, the classifier and Inception feature spaces."""
import json

import keras
import ml_collections
import numpy as np
import pytest

from tests import helpers
from zoo import data
from zoo.evaluation import classifier, inception, runner, sources


def _data_config(name="mnist", examples=600):
  return ml_collections.ConfigDict(dict(name=name, source="synthetic", data_dir="",
                                        download=False, synthetic_examples=examples))


def _real_test_images(config):
  return data.load(config, "test")[0].astype(np.float32) / 255.0


def _source(images, shape=(28, 28, 1)):
  """A generator whose samples are `images`, in order."""
  state = {"next": 0}

  def sample_batch(num, seed):
    start = state["next"]
    state["next"] = (start + num) % len(images)
    return images[start:start + num]

  return sources.Source("constructed", "mnist", shape, sample_batch, "constructed")


def _evaluator(metrics, num_samples=600, **kwargs):
  spaces = {"inception": helpers.fixed_feature_space("inception"),
            "classifier": helpers.fixed_feature_space("classifier", seed=1)}
  return runner.Evaluator(_data_config(), metrics, num_samples, feature_spaces=spaces,
                          progress=False, **kwargs)


def test_a_generator_of_the_test_images_themselves_scores_perfectly():
  config = _data_config()
  evaluator = _evaluator(["fid", "kid", "precision_recall", "fcd", "precision_recall_classifier"])
  report = evaluator(_source(_real_test_images(config)))
  m = report["metrics"]
  # KID's unbiased estimate on one set drawn twice is -O(k(x, x) / n), not exactly 0.
  assert abs(m["fid"]) < 1e-6 and abs(m["fcd"]) < 1e-6 and abs(m["kid"]) < 0.005
  assert m["precision"] == m["recall"] == m["precision_classifier"] == 1.0
  assert report["num_samples"] == 600 and report["real"] == "test split, 600 examples"


def test_fid_and_kid_grow_with_a_shift_of_the_images():
  real = _real_test_images(_data_config())
  evaluator = _evaluator(["fid", "kid"])
  fids, kids = [], []
  for shift in (0.0, 0.1, 0.3):
    m = evaluator(_source(real + shift))["metrics"]
    fids.append(m["fid"])
    kids.append(m["kid"])
  assert fids[0] < 1e-6 < fids[1] < fids[2]
  assert abs(kids[0]) < 0.05 * kids[1] and kids[1] < kids[2]


def test_scores_and_parzen_appear_in_the_report():
  evaluator = _evaluator(["inception_score", "classifier_score", "parzen"], num_samples=300)
  report = evaluator(_source(_real_test_images(_data_config())))
  m = report["metrics"]
  assert 1.0 <= m["inception_score"] <= 10.0 and 1.0 <= m["classifier_score"] <= 10.0
  assert np.isfinite(m["parzen_log_likelihood"]) and m["parzen_standard_error"] > 0
  assert report["details"]["parzen"]["sigma"] == m["parzen_sigma"]


def test_too_few_samples_for_a_stable_frechet_distance_fail_before_sampling():
  evaluator = _evaluator(["fid"], num_samples=10)
  with pytest.raises(runner.EvaluationError, match="Too few samples .* 10 for 16-d"):
    evaluator(_source(np.zeros((10, 28, 28, 1), np.float32)))


def test_an_export_of_another_shape_is_refused():
  source = _source(np.zeros((4, 32, 32, 3), np.float32), shape=(32, 32, 3))
  with pytest.raises(ValueError, match=r"shape \(32, 32, 3\), but dataset 'mnist' has "
                                       r"shape \(28, 28, 1\)"):
    sources.check_shape(source)


def test_metrics_that_do_not_apply_are_refused():
  with pytest.raises(runner.EvaluationError, match="exists for mnist, fashion_mnist only"):
    runner.Evaluator(_data_config("cifar10"), ["fcd"])
  with pytest.raises(runner.EvaluationError, match="needs images"):
    runner.Evaluator(_data_config("ring8"), ["fid"])
  with pytest.raises(runner.EvaluationError, match="Unknown metric 'fjd'"):
    runner.Evaluator(_data_config(), ["fjd"])


def test_a_missing_classifier_says_how_to_train_it(tmp_path):
  evaluator = runner.Evaluator(_data_config(), ["fcd"], 600, classifier_dir=tmp_path / "none",
                               progress=False)
  with pytest.raises(runner.EvaluationError,
                     match="python -m zoo.evaluate --train_classifier --dataset=mnist"):
    evaluator.prepare()


@pytest.fixture(scope="module")
def tiny_classifier(tmp_path_factory):
  directory = tmp_path_factory.mktemp("classifier") / "mnist"
  info = classifier.train(_data_config(examples=256), directory, epochs=1, verbose=0)
  return directory, info


def test_the_classifier_is_trained_cached_and_loaded_as_a_feature_space(tiny_classifier):
  directory, info = tiny_classifier
  assert sorted(p.name for p in directory.iterdir()) == ["classifier.keras", "info.json"]
  assert json.loads((directory / "info.json").read_text()) == info
  assert info["test_examples"] == 256 and 0 <= info["test_accuracy"] <= 1
  assert not list(directory.parent.glob(".tmp-*"))
  space = classifier.feature_space("mnist", directory)
  features, probs = space(np.random.default_rng(0).random((3, 28, 28, 1)))
  assert features.shape == (3, 128) and probs.shape == (3, 10)
  np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
  # Inference is deterministic: augmentation and dropout are off.
  np.testing.assert_array_equal(space(np.ones((2, 28, 28, 1)))[0],
                                space(np.ones((2, 28, 28, 1)))[0])


def test_inception_weights_that_do_not_exist_are_refused():
  with pytest.raises(inception.InceptionWeightsError, match="does not exist.*online"):
    inception.feature_space("/nonexistent/inception.h5")


def test_inception_features_from_a_weights_file(tmp_path):
  path = tmp_path / "inception.weights.h5"
  keras.applications.InceptionV3(weights=None).save_weights(path)
  space = inception.feature_space(str(path))
  features, probs = space(np.random.default_rng(0).random((2, 28, 28, 1)).astype(np.float32))
  assert features.shape == (2, 2048) and probs.shape == (2, 1000)
  np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-4)


def test_no_weights_and_no_download_say_where_to_get_them(monkeypatch, tmp_path):
  monkeypatch.setenv("KERAS_HOME", str(tmp_path))
  with pytest.raises(inception.InceptionWeightsError,
                     match=r"No Inception-v3 weights: none given and none at .*"
                           r"pass --inception_weights=PATH"):
    inception.network(download=False)
