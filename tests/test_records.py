"""Packed TFRecords (zoo/data/records.py, zoo-data): the round trip equals the folder's
images, dataset.json describes them, the fingerprint follows the content, and a run
streams them."""
import json

import ml_collections
import numpy as np
import pytest

from tests import helpers
from zoo import data
from zoo.data import folder, records
from zoo.training import trainer

write = helpers.write_image


@pytest.fixture
def packed(tmp_path):
  rng = np.random.default_rng(0)
  for name in ("b", "a"):
    for i in range(5):
      write(tmp_path / "images" / name / f"{i}.png", rng.integers(0, 256, (30, 40, 3)))
  (tmp_path / "images" / "a" / "bad.jpg").write_bytes(b"junk")
  result = helpers.run_python("-m", "zoo.data", f"--folder={tmp_path / 'images'}",
                              f"--out={tmp_path / 'packed'}", "--model=mnist_dcgan",
                              "--test_fraction=0.3")
  return tmp_path, json.loads(result.stdout[result.stdout.index("{"):])


def config(path, source):
  return ml_collections.ConfigDict(dict(name="mnist", source=source, path=str(path),
                                        test_fraction=0.3, resize="area", data_dir="",
                                        download=False, synthetic_examples=0))


def test_pack_describes_the_images_and_round_trips(packed):
  tmp_path, meta = packed
  assert meta["classes"] == ["a", "b"] and meta["resolution"] == [28, 28]
  assert meta["channels"] == 1 and sum(meta["count"].values()) == 10
  assert sum(meta["skipped"].values()) == 1 and len(meta["fingerprint"]) == 64
  assert json.loads((tmp_path / "packed" / "dataset.json").read_text()) == meta
  for split in ("train", "test"):
    from_folder, labels, _, _ = folder.load(config(tmp_path / "images", "folder"), split,
                                            (28, 28, 1))
    streamed, streamed_labels, desc = data.load(config(tmp_path / "packed", "tfrecord"), split)
    assert "TFRecords" in desc
    order = lambda images: np.lexsort(images.reshape(len(images), -1).T)  # noqa: E731
    np.testing.assert_array_equal(from_folder[order(from_folder)], streamed[order(streamed)])
    assert sorted(labels) == sorted(streamed_labels)


def test_the_fingerprint_follows_the_content(packed, tmp_path):
  _, meta = packed
  again = records.pack(tmp_path / "images", tmp_path / "again", (28, 28, 1), test_fraction=0.3)
  assert again["fingerprint"] == meta["fingerprint"]
  write(tmp_path / "images" / "a" / "0.png", np.zeros((30, 40, 3)))
  changed = records.pack(tmp_path / "images", tmp_path / "changed", (28, 28, 1),
                         test_fraction=0.3)
  assert changed["fingerprint"] != meta["fingerprint"]


def test_a_run_streams_the_records_and_wrong_shapes_are_refused(packed, tmp_path):
  config_ = helpers.small_config("mnist_dcgan", steps=10)
  config_.data.update(source="tfrecord", path=str(tmp_path / "packed"))
  config_.train.batch_size = 4
  run = trainer.train(config_, tmp_path / "run")
  assert run.step == 10
  assert json.loads((tmp_path / "run" / "classes.json").read_text()) == ["a", "b"]
  wrong = helpers.small_config("cifar10_dcgan", steps=10)
  wrong.data.update(source="tfrecord", path=str(tmp_path / "packed"))
  with pytest.raises(records.RecordsError, match=r"packed at \[28, 28, 1\], but this model "
                     r"wants \[32, 32, 3\]"):
    trainer.train(wrong, tmp_path / "run2")
  with pytest.raises(records.RecordsError, match="holds no packed dataset"):
    records.metadata(tmp_path / "images")


def test_own_data_gets_inception_metrics_and_cached_reference_features(packed, tmp_path,
                                                                       monkeypatch):
  from zoo.evaluation import metrics, reference, runner, sources
  monkeypatch.setenv("ZOO_DATA_HOME", str(tmp_path / "home"))
  data_config = config(tmp_path / "packed", "tfrecord")
  assert runner.Evaluator(data_config, progress=False).metrics == ["fid", "kid",
                                                                  "precision_recall"]
  calls = []
  space = helpers.fixed_feature_space(name=metrics.INCEPTION, dim=4)
  counting = lambda images, progress=False: calls.append(len(images)) or space(images)  # noqa
  counting.description = space.description
  fake = np.random.default_rng(0).uniform(size=(8, 28, 28, 1)).astype(np.float32)
  source = sources.Source("m", "mnist", (28, 28, 1), lambda num, seed: fake[:num], "test")
  reports = []
  for _ in range(2):  # a second evaluator, as a second `zoo-evaluate` would be
    evaluator = runner.Evaluator(data_config, ["fid"], num_samples=8, progress=False,
                                 feature_spaces={metrics.INCEPTION: counting})
    reports.append(evaluator(source))
  real = json.loads((tmp_path / "packed" / "dataset.json").read_text())["count"]["test"]
  assert calls == [real, 8, 8]  # the real images' features once, then from the cache
  assert reports[0]["metrics"] == reports[1]["metrics"]
  assert list((tmp_path / "home" / "reference").glob("*-test-28x28x1-area-inception.npy"))
  assert reference.key(config(tmp_path / "images", "folder"), "test", (28, 28, 1)) != \
      reference.key(data_config, "test", (28, 28, 1))


def test_offline_inception_names_the_metrics_that_need_none(packed, tmp_path, monkeypatch):
  from zoo.evaluation import inception, runner
  monkeypatch.setenv("KERAS_HOME", str(tmp_path / "no_keras"))
  monkeypatch.setattr(inception, "network", lambda weights=None, download=True: (_ for _ in ())
                      .throw(inception.InceptionWeightsError("No Inception-v3 weights.")))
  evaluator = runner.Evaluator(config(tmp_path / "packed", "tfrecord"), progress=False)
  with pytest.raises(runner.EvaluationError, match=r"No Inception-v3 weights\. Without them, "
                     r"these metrics apply here: .*parzen"):
    evaluator.prepare()
