"""Your own images: a folder as a dataset (zoo/data/folder.py): classes, splits, decoders,
channel conversion, resize and crop, corrupt files skipped, clear errors, and a run on it."""
import json
import logging

import ml_collections
import numpy as np
import pytest

from tests import helpers
from zoo import config as config_lib
from zoo.data import folder, paired, pipeline
from zoo.training import trainer


write = helpers.write_image


def data_config(path, **kw):
  return ml_collections.ConfigDict(dict(dict(path=str(path), test_fraction=0.0, resize="area"),
                                        **kw))


@pytest.fixture
def classes_folder(tmp_path):
  rng = np.random.default_rng(0)
  for name in ("dogs", "cats"):
    for i in range(3):
      write(tmp_path / name / f"{i}.png", rng.integers(0, 256, (40, 30, 3)))
  write(tmp_path / "cats" / "deep" / "x.jpg", rng.integers(0, 256, (20, 20, 3)), "jpg")
  (tmp_path / "cats" / "broken.png").write_bytes(b"not an image")
  (tmp_path / "notes.txt").write_text("ignored: not an image extension")
  return tmp_path


def test_class_folders_become_sorted_labels_and_a_corrupt_file_is_skipped(classes_folder,
                                                                             caplog):
  caplog.set_level(logging.WARNING, logger="absl")
  images, labels, desc, classes = folder.load(data_config(classes_folder), "train", (28, 28, 1))
  assert classes == ["cats", "dogs"]
  assert images.shape == (7, 28, 28, 1) and images.dtype == np.uint8
  assert sorted(labels.tolist()) == [0, 0, 0, 0, 1, 1, 1]  # the nested jpg is a cat
  assert "skipped 1 of 8 files" in caplog.text and "broken.png" in caplog.text
  assert "7 images, 1 skipped; 2 classes" in desc


def test_gray_and_rgb_convert_to_the_models_channels(tmp_path):
  write(tmp_path / "a" / "gray.png", np.full((10, 10, 1), 200))
  write(tmp_path / "a" / "rgba.png", np.concatenate([np.full((10, 10, 3), 50),
                                                      np.full((10, 10, 1), 255)], -1))
  rgb, _, _, _ = folder.load(data_config(tmp_path), "train", (32, 32, 3))
  gray, _, _, _ = folder.load(data_config(tmp_path), "train", (28, 28, 1))
  assert rgb.shape == (2, 32, 32, 3) and gray.shape == (2, 28, 28, 1)
  np.testing.assert_allclose(np.sort(rgb.reshape(2, -1).mean(1)), [50, 200], atol=1)
  np.testing.assert_allclose(np.sort(gray.reshape(2, -1).mean(1)), [50, 200], atol=1)


def test_the_shorter_side_is_resized_and_the_centre_cropped(tmp_path):
  image = np.zeros((30, 60, 1))   # H 30, W 60: the centre half of the width is white
  image[:, 15:45] = 255
  write(tmp_path / "wide.png", image)
  out, _, _, _ = folder.load(data_config(tmp_path), "train", (28, 28, 1))
  assert out.shape == (1, 28, 28, 1) and out.min() == 255  # only the white centre is kept


def test_split_folders_or_a_fixed_hash_split(tmp_path):
  rng = np.random.default_rng(1)
  for i in range(40):
    write(tmp_path / "flat" / f"{i}.png", rng.integers(0, 256, (8, 8, 1)))
  first = folder.scan(tmp_path / "flat", 0.25)[0]
  again = folder.scan(tmp_path / "flat", 0.25)[0]
  assert first == again and 0 < len(first["test"]) < 40
  assert not set(first["train"]) & set(first["test"])
  for split in ("train", "test"):
    write(tmp_path / "split" / split / "b" / "0.png", rng.integers(0, 256, (8, 8, 1)))
  write(tmp_path / "split" / "train" / "a" / "0.png", rng.integers(0, 256, (8, 8, 1)))
  paths, classes, labels = folder.scan(tmp_path / "split", 0.25)
  assert classes == ["a", "b"] and len(paths["train"]) == 2 and len(paths["test"]) == 1
  assert labels[paths["test"][0]] == 1


def test_errors_name_the_path_and_the_extensions(tmp_path):
  with pytest.raises(folder.FolderError, match="is not a directory"):
    folder.scan(tmp_path / "missing")
  (tmp_path / "empty").mkdir()
  with pytest.raises(folder.FolderError, match=r"empty holds no image files \(.png, .jpg"):
    folder.scan(tmp_path / "empty")
  (tmp_path / "junk").mkdir()
  (tmp_path / "junk" / "a.png").write_bytes(b"junk")
  with pytest.raises(folder.FolderError, match=r"None of the 1 train files in .*junk decodes"):
    folder.load(data_config(tmp_path / "junk"), "train", (28, 28, 1))
  config = helpers.small_config("mnist_mlp")
  config.data.source = "folder"
  with pytest.raises(config_lib.ConfigError, match="config.data.path must name a folder"):
    config_lib.validate(config)


def test_a_class_sorted_folder_is_mixed_before_a_smaller_shuffle_buffer(tmp_path):
  """The scan lists files class by class; a buffer of 8 over 40 sorted images would fill its
  first batch from the first two classes only (all 60,000 Fashion-MNIST images as a folder, with
  the default buffer of 10,000, trained to a class-cycling G before this was mended)."""
  for name in ("a", "b", "c", "d"):
    for i in range(10):
      write(tmp_path / name / f"{i}.png", np.full((8, 8, 1), 60 * "abcd".index(name)))
  images, labels, _, _ = folder.load(data_config(tmp_path), "train", (8, 8, 1))
  again, labels_again, _, _ = folder.load(data_config(tmp_path), "train", (8, 8, 1))
  np.testing.assert_array_equal(images, again)  # the same order on every run
  np.testing.assert_array_equal(images[:, 0, 0, 0], 60 * labels)  # labels travel with images
  assert (labels == labels_again).all()
  assert sorted(labels.tolist()) == sorted(list(range(4)) * 10)
  batch = next(iter(pipeline.train_dataset(images, labels, 8, 8, seed=0)))[1].numpy()
  assert len(set(batch.tolist())) >= 3


def test_paired_folder_pairs_come_in_a_fixed_mixed_order_and_stay_aligned(tmp_path):
  """Paired names often sort by category (a folder of shoes, then of bags); the pairs go into
  the same fixed random order as a folder's images, each target with its own input."""
  for i in range(20):
    write(tmp_path / "targets" / f"{i:02d}.png", np.full((8, 8, 1), 10 * i))
    write(tmp_path / "inputs" / f"{i:02d}.png", np.full((4, 4, 1), 10 * i + 5))
  config = data_config(tmp_path)
  joined, _, _ = paired.load(config, "train", (8, 8, 1), (4, 4, 1))
  again, _, _ = paired.load(config, "train", (8, 8, 1), (4, 4, 1))
  np.testing.assert_array_equal(joined, again)
  names = joined[:, 0, 0, 0] // 10
  assert sorted(names.tolist()) == list(range(20))
  assert names.tolist() != list(range(20))
  np.testing.assert_array_equal(joined[..., 1], joined[..., 0] + 5)


def test_flip_mirrors_about_half_the_images():
  images = np.tile(np.arange(4, dtype=np.uint8)[None, None, :, None], (64, 4, 1, 1))
  batch, _ = next(iter(pipeline.train_dataset(images, np.zeros(64, np.int64), 64, 64, seed=0,
                                              flip=True)))
  mirrored = np.mean(batch.numpy()[:, 0, 0, 0] > 0)
  assert 0.25 < mirrored < 0.75


def test_a_conditional_run_on_a_folder_records_its_classes(classes_folder, tmp_path):
  config = helpers.small_config("mnist_cgan", steps=10)
  config.data.update(source="folder", path=str(classes_folder), test_fraction=0.0, flip=True)
  config.train.batch_size = 4
  with pytest.raises(config_lib.ConfigError, match="has 2 class folders"):
    trainer.train(config, tmp_path / "run")
  config.model.num_classes = 2
  run = trainer.train(config, tmp_path / "run2")
  assert run.step == 10
  assert json.loads((tmp_path / "run2" / "classes.json").read_text()) == ["cats", "dogs"]
