"""TFLite, ONNX and TF.js copies of an export: every image architecture's copies compute the
SavedModel's images, what cannot be written is one line and the SavedModel is still
written, and zoo-export writes all four formats in one call."""
import json
import sys

import numpy as np
import pytest
import tensorflow as tf

from tests import helpers
from zoo import data as zoo_data
from zoo.models import registry
from zoo.serving import client, converters, portable, saved_model, tfjs_runtime
from zoo.serving.signatures import GeneratorSignatures
from zoo.training import trainer

IMAGE_MODELS = [n for n in registry.names()
                if zoo_data.info(registry.get(n).dataset).kind == "image"
                and registry.get(n).kind != "translation"]  # translators: SavedModel only


def _one_per_architecture(names):
  """The model of each architecture with the smallest images: the other configs of an
  architecture convert the same ops (more blocks of them at a higher resolution), and
  StyleGAN2's four configs alone cost minutes of conversions."""
  size = lambda n: int(np.prod(zoo_data.info(registry.get(n).dataset).image_shape))
  chosen = {}
  for name in sorted(names, key=lambda n: (size(n), n)):
    chosen.setdefault(registry.get(name).architecture, name)
  return sorted(chosen.values())


ALL = ["saved_model", "tflite", "onnx", "tfjs"]


def _saved_model_images(path, inputs):
  serve = tf.saved_model.load(str(path)).signatures["serving_default"]
  return serve(**{k: tf.constant(v) for k, v in inputs.items()},
               **client.defaults(serve))["images"].numpy()


@pytest.mark.parametrize("name", _one_per_architecture(IMAGE_MODELS))
def test_every_copy_computes_the_saved_models_images(name, tmp_path):
  generator = helpers.build_generator(name)
  path = saved_model.export_generator(generator, tmp_path / name, formats=ALL)
  meta = saved_model.read_metadata(path)
  assert sorted(meta["formats"]) == sorted(ALL)
  # Latents other than those the export checked itself on, and more of them.
  inputs = {"z": np.asarray(generator.sample_latent(5, seed=11)),
            **helpers.labels_for(generator, 5)}
  expected = _saved_model_images(path, inputs)
  assert expected.std() > 0  # an untrained G still varies: a constant copy would fail
  for fmt in ALL[1:]:
    entry = meta["formats"][fmt]
    assert (path / entry["path"]).exists() and entry["max_abs_diff"] <= 1e-4
    got = portable.run(fmt, path, inputs, generator.num_classes)["images"]
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, atol=1e-4, err_msg=fmt)


def test_float16_tflite_is_half_the_size_and_within_1e_2(tmp_path):
  generator = helpers.build_generator("mnist_dcgan", size=None)  # weights dominate the file
  sizes = {}
  for quantize in portable.QUANTIZE:
    path = saved_model.export_generator(generator, tmp_path / quantize,
                                        formats=["tflite"], tflite_quantize=quantize)
    entry = saved_model.read_metadata(path)["formats"]["tflite"]
    assert entry["quantize"] == quantize
    sizes[quantize] = entry["bytes"]
    inputs = {"z": np.asarray(generator.sample_latent(4, seed=2))}
    got = portable.run("tflite", path, inputs)["images"]
    np.testing.assert_allclose(got, _saved_model_images(path, inputs), atol=1e-2)
  assert sizes["float16"] < 0.6 * sizes["none"]


class _WithOp(GeneratorSignatures):
  """G's images plus 0 x an op no converter here converts (the regularized incomplete gamma)."""

  def images(self, z, labels=None):
    out = super().images(z, labels)
    x = out["images"]
    return dict(out, images=x + 0.0 * tf.math.igamma(x + 1.0, x + 1.0))


def test_an_op_a_converter_cannot_convert_is_named(tmp_path):
  signatures = _WithOp(helpers.build_generator("mnist_mlp"), 16)
  entries, failures = portable.write(signatures, tmp_path, ["tflite", "onnx", "tfjs"])
  assert set(failures) == {"tflite", "onnx", "tfjs"}, failures
  for reason in failures.values():
    assert "cannot convert op(s) Igamma" in reason, reason
  assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing half-written kept
  assert list(entries) == ["saved_model"]


def test_a_copy_that_differs_is_not_kept(tmp_path, monkeypatch):
  real = portable.run
  monkeypatch.setattr(portable, "run", lambda *a: {"images": real(*a)["images"] + 1e-3})
  signatures = GeneratorSignatures(helpers.build_generator("mnist_mlp"), 16)
  entries, failures = portable.write(signatures, tmp_path, ["onnx"])
  assert "differ from the SavedModel's by 0.001" in failures["onnx"]
  assert not (tmp_path / "model.onnx").exists() and "onnx" not in entries


def test_missing_converters_name_the_install_command(tmp_path, monkeypatch):
  monkeypatch.setitem(sys.modules, "tf2onnx", None)  # import tf2onnx -> ImportError
  monkeypatch.setitem(sys.modules, "tensorflowjs", None)
  signatures = GeneratorSignatures(helpers.build_generator("mnist_mlp"), 16)
  _, failures = portable.write(signatures, tmp_path, ["onnx", "tfjs"])
  assert failures["onnx"] == ("needs tf2onnx for ONNX, which is not installed: "
                              f"{converters.EXTRA}")
  assert failures["tfjs"].endswith(converters.TFJS_INSTALL)


def test_tfjs_runner_checks_what_the_graph_does_not(tmp_path):
  generator = helpers.build_generator("mnist_cgan")
  path = saved_model.export_generator(generator, tmp_path / "m", formats=["tfjs"])
  bad = {"z": np.zeros((2, generator.latent_dim + 1), np.float32), "labels": [0, 1]}
  with pytest.raises(portable.FormatError, match="each row of z must be"):
    tfjs_runtime.run(path / "tfjs", bad, generator.num_classes)
  bad = {"z": np.zeros((2, generator.latent_dim), np.float32), "labels": [0, 10]}
  with pytest.raises(portable.FormatError, match=r"labels must be class ids in \[0, 10\)"):
    tfjs_runtime.run(path / "tfjs", bad, generator.num_classes)


# Hides tf2onnx from the export command, as on a machine without zoo[portable].
WITHOUT_TF2ONNX = "import sys; sys.modules['tf2onnx'] = None; from zoo.cli import export; " \
                  "sys.argv[0] = 'zoo-export'; export.run()"


def test_export_cli_writes_every_format_and_reports_each_failure(tmp_path):
  workdir = tmp_path / "run"
  trainer.train(helpers.small_config(steps=10), workdir)
  out = helpers.run_python("-m", "zoo.export", f"--workdir={workdir}",
                           f"--export_dir={tmp_path}/e", "--formats=" + ",".join(ALL))
  path = tmp_path / "e" / "mnist_mlp" / "1"
  assert out.stdout.strip().splitlines()[-1] == str(path)
  meta = json.loads((path / "assets.extra" / "zoo.json").read_text())
  assert meta["formats"]["onnx"]["converter"].startswith("tf2onnx ")
  assert meta["formats"]["tfjs"]["converter"] == "tensorflowjs 4.22.0"
  assert (path / "model.tflite").exists() and (path / "tfjs" / "model.json").exists()
  bad = helpers.run_python("-c", WITHOUT_TF2ONNX, f"--workdir={workdir}",
                           f"--export_dir={tmp_path}/e", "--formats=tflite,onnx,bogus",
                           check=False)
  assert bad.returncode == 1
  errors = [line for line in bad.stderr.splitlines() if line.startswith("error:")]
  assert errors == [
      "error: bogus not written: unknown format (known: saved_model, tflite, onnx, tfjs)",
      f"error: onnx not written: needs tf2onnx for ONNX, which is not installed: "
      f"{converters.EXTRA}"], bad.stderr
  second = tmp_path / "e" / "mnist_mlp" / "2"
  assert bad.stdout.strip().splitlines()[-1] == str(second)  # the SavedModel is written
  assert sorted(saved_model.read_metadata(second)["formats"]) == ["saved_model", "tflite"]
  served = tf.saved_model.load(str(second)).signatures["serving_default"](z=tf.zeros([2, 8]))
  assert served["images"].shape == (2, 28, 28, 1)
