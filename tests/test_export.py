"""Exports load and run in a fresh process that never imports zoo; exports are atomic."""
import json
import pathlib
import subprocess
import sys

import numpy as np
import pytest
import tensorflow as tf

from tests import helpers
from zoo import export, trainer

CHECK = """
import json, sys
import numpy as np, tensorflow as tf
m = tf.saved_model.load(sys.argv[1])
out = m.signatures["serving_default"](z=tf.zeros([3, int(sys.argv[2])]))
a = m.signatures["sample"](num=tf.constant(5), seed=tf.constant(7, tf.int64))
b = m.signatures["sample"](num=tf.constant(5), seed=tf.constant(7, tf.int64))
c = m.signatures["sample"](num=tf.constant(5), seed=tf.constant(8, tf.int64))
errors = []
for num in (-1, 10**6):
  try:
    m.signatures["sample"](num=tf.constant(num), seed=tf.constant(0, tf.int64))
  except tf.errors.InvalidArgumentError as e:
    errors.append(e.message)
print(json.dumps(dict(
    shape=out["images"].shape.as_list(), dtype=out["images"].dtype.name,
    uint8=out["images_uint8"].dtype.name, min=float(tf.reduce_min(a["images"])),
    max=float(tf.reduce_max(a["images"])), same_seed=bool(np.array_equal(a["images"], b["images"])),
    other_seed=bool(np.array_equal(a["images"], c["images"])), n=a["images"].shape[0],
    errors=errors, zoo_loaded=any(k.split(".")[0] == "zoo" for k in sys.modules))))
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
  workdir = tmp_path_factory.mktemp("run")
  config = helpers.small_config(steps=2)
  return trainer.train(config, workdir), config


def test_export_runs_in_a_process_without_zoo(exported):
  path, config = exported
  result = helpers.run_python("-c", CHECK, str(path), str(config.model.latent_dim),
                              env={"PYTHONPATH": ""})
  info = json.loads(result.stdout.strip().splitlines()[-1])
  assert info["shape"] == [3, 28, 28, 1] and info["dtype"] == "float32" and info["uint8"] == "uint8"
  assert 0.0 <= info["min"] <= info["max"] <= 1.0 and info["n"] == 5
  assert info["same_seed"] and not info["other_seed"]
  assert any("`num` must be >= 0" in e for e in info["errors"])
  assert any("`num` must be <= 1024" in e for e in info["errors"])
  assert not info["zoo_loaded"]


def test_metadata_describes_the_model(exported):
  path, config = exported
  meta = export.read_metadata(path)
  assert meta["model"] == "mnist_mlp" and meta["step"] == 2
  assert meta["latent_dim"] == config.model.latent_dim and meta["image_shape"] == [28, 28, 1]


def test_generate_cli_writes_a_png_grid(exported, tmp_path):
  path, _ = exported
  out = tmp_path / "g.png"
  helpers.run_python("-m", "zoo.generate", f"--saved_model={path}", "--num=16", f"--out={out}")
  image = tf.io.decode_png(tf.io.read_file(str(out))).numpy()
  assert image.shape == (4 * 29 + 1, 4 * 29 + 1, 1)


def test_generate_is_deterministic_for_a_seed(exported):
  from zoo import generate
  path, _ = exported
  a, b = (generate.generate(str(path), 4, seed=3) for _ in range(2))
  np.testing.assert_array_equal(a, b)


def test_saved_model_cli_shows_the_signatures(exported):
  path, _ = exported
  cli = pathlib.Path(sys.executable).parent / "saved_model_cli"
  out = subprocess.run([str(cli), "show", "--dir", str(path), "--all"], capture_output=True,
                       text=True, check=True).stdout
  assert "signature_def['serving_default']" in out and "signature_def['sample']" in out
  assert "shape: (-1, 28, 28, 1)" in out


def test_failed_export_leaves_nothing_behind(exported, tmp_path, monkeypatch):
  _, config = exported
  gan = trainer.build_gan(config, (28, 28, 1))
  model_dir = tmp_path / "mnist_mlp"
  (model_dir / ".tmp-1-stale").mkdir(parents=True)  # as a killed export would leave it
  def broken(*args):
    raise RuntimeError("simulated failure while verifying")
  monkeypatch.setattr(export, "_verify", broken)
  with pytest.raises(RuntimeError, match="simulated"):
    export.export_generator(gan.generator, model_dir)
  assert list(model_dir.iterdir()) == []
  monkeypatch.undo()
  assert export.export_generator(gan.generator, model_dir).name == "1"
  with pytest.raises(FileExistsError, match="already exists"):
    export.export_generator(gan.generator, model_dir, version=1)
