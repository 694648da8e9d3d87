"""Exports: every signature in a process that never imports zoo, input validation,
the warmup file, saved_model_cli, and atomic writes."""
import functools
import json
import pathlib
import subprocess
import sys

import numpy as np
import pytest
import tensorflow as tf
from tensorflow_serving.apis import prediction_log_pb2

from tests import helpers
from zoo.serving import saved_model
from zoo.training import trainer
from zoo.serving import warmup

# Run with plain TensorFlow (no zoo); each prints one JSON line of findings.
PRELUDE = """
import json, sys
import numpy as np, tensorflow as tf
m = tf.saved_model.load(sys.argv[1])
d = int(sys.argv[2])
s = m.signatures
def err(fn, **kw):
  try:
    fn(**kw)
    return "no error"
  except tf.errors.InvalidArgumentError as e:
    return e.message
"""
CHECK = PRELUDE + """
out = s["serving_default"](z=tf.zeros([3, d]))
a = s["sample"](num=tf.constant(5), seed=tf.constant(7, tf.int64))
b = s["sample"](num=tf.constant(5), seed=tf.constant(7, tf.int64))
c = s["sample"](num=tf.constant(5), seed=tf.constant(8, tf.int64))
z0, z1 = tf.random.normal([2, d], seed=1), tf.random.normal([2, d], seed=2)
path = s["interpolate"](z_start=z0, z_end=z1, num_steps=tf.constant(4))
ends = s["serving_default"](z=tf.concat([z0, z1], 0))["images"].numpy()
sz = lambda n: dict(num=tf.constant(n), seed=tf.constant(0, tf.int64))
print(json.dumps(dict(
    keys=sorted(s.keys()), shape=out["images"].shape.as_list(), dtype=out["images"].dtype.name,
    uint8=out["images_uint8"].dtype.name,
    uint8_matches=bool(np.array_equal(out["images_uint8"].numpy(),
                                      np.round(out["images"].numpy() * 255).astype(np.uint8))),
    range=[float(tf.reduce_min(a["images"])), float(tf.reduce_max(a["images"]))],
    n=a["images"].shape[0], same_seed=bool(np.array_equal(a["images"], b["images"])),
    other_seed=bool(np.array_equal(a["images"], c["images"])),
    path_shape=path["images"].shape.as_list(),
    path_ends=[float(np.abs(path["images"].numpy()[:, 0] - ends[:2]).max()),
               float(np.abs(path["images"].numpy()[:, -1] - ends[2:]).max())],
    errors=dict(
        z_size=err(s["serving_default"], z=tf.zeros([2, d + 1])),
        z_rank=err(s["serving_default"], z=tf.zeros([d])),
        num_negative=err(s["sample"], **sz(-1)),
        num_huge=err(s["sample"], **sz(10**6)),
        steps_one=err(s["interpolate"], z_start=z0, z_end=z1, num_steps=tf.constant(1)),
        batch_mismatch=err(s["interpolate"], z_start=z0, z_end=z1[:1], num_steps=tf.constant(3)),
        z_nan=err(s["serving_default"], z=tf.fill([2, d], float("nan"))),
        z_inf=err(s["interpolate"], z_start=z0, z_end=z1 / 0.0, num_steps=tf.constant(3)),
        z_rows=err(s["serving_default"], z=tf.zeros([1025, d])),
        path_total=err(s["interpolate"], z_start=tf.zeros([64, d]), z_end=tf.zeros([64, d]),
                       num_steps=tf.constant(17)),
        path_total_ok=err(s["interpolate"], z_start=tf.zeros([64, d]), z_end=tf.zeros([64, d]),
                          num_steps=tf.constant(16)),
        # 2**22 rows x 1,024 steps is 2**32 images, 0 in int32 arithmetic
        path_wrap=err(s["interpolate"], z_start=tf.zeros([2**22, d]),
                      z_end=tf.zeros([2**22, d]), num_steps=tf.constant(1024))),
    zoo_loaded=any(k.split(".")[0] == "zoo" for k in sys.modules))))
"""


# The same checks for a conditional export: every signature takes `labels`.
CHECK_CONDITIONAL = PRELUDE + """
classes = int(sys.argv[3])
z = tf.random.normal([3, d], seed=1)
labels = tf.constant([0, 1, classes - 1])
out = s["serving_default"](z=z, labels=labels)["images"].numpy()
shifted = s["serving_default"](z=z, labels=(labels + 1) % classes)["images"].numpy()
k = lambda n, lab: dict(num=tf.constant(n), seed=tf.constant(3, tf.int64), labels=tf.constant(lab))
a = s["sample"](**k(3, [2, 2, 2]))["images"].numpy()
b = s["sample"](**k(3, [2, 2, 2]))["images"].numpy()
path = s["interpolate"](z_start=z, z_end=-z, num_steps=tf.constant(4), labels=labels)["images"]
print(json.dumps(dict(
    inputs={n: sorted(s[n].structured_input_signature[1]) for n in s.keys()},
    shape=list(out.shape), label_matters=bool(np.abs(out - shifted).max() > 1e-6),
    same_seed=bool(np.array_equal(a, b)), path_shape=path.shape.as_list(),
    path_start=float(np.abs(path.numpy()[:, 0] - out).max()),
    errors=dict(
        too_big=err(s["serving_default"], z=z, labels=tf.constant([0, 1, classes])),
        negative=err(s["sample"], **k(2, [0, -1])),
        count=err(s["sample"], **k(3, [0, 1])),
        path_count=err(s["interpolate"], z_start=z, z_end=z, num_steps=tf.constant(2),
                       labels=tf.constant([0]))),
    zoo_loaded=any(k.split(".")[0] == "zoo" for k in sys.modules))))
"""


@pytest.fixture(scope="module")
def exported_conditional(tmp_path_factory):
  workdir = tmp_path_factory.mktemp("run_cgan")
  config = helpers.small_config("mnist_cgan", steps=10)
  return trainer.train(config, workdir).export_path, config, workdir


def test_conditional_signatures_in_a_process_without_zoo(exported_conditional):
  path, config, _ = exported_conditional
  classes = config.model.num_classes
  result = helpers.run_python("-c", CHECK_CONDITIONAL, str(path),
                              str(config.model.latent_dim), str(classes))
  info = json.loads(result.stdout.strip().splitlines()[-1])
  assert info["inputs"] == {"interpolate": ["labels", "num_steps", "z_end", "z_start"],
                            "inpaint": ["images", "labels", "mask", "num_steps", "seed"],
                            "project": ["images", "labels", "num_steps", "seed"],
                            "sample": ["labels", "num", "seed"],
                            "serving_default": ["labels", "z"],
                            **({"sample_truncated": ["labels", "num", "seed", "truncation"]}
                               if config.model.prior == "normal" else {})}
  assert info["shape"] == [3, 28, 28, 1] and info["label_matters"] and info["same_seed"]
  assert info["path_shape"] == [3, 4, 28, 28, 1] and info["path_start"] < 1e-5
  errors = info["errors"]
  assert f"`labels` must be class ids in [0, {classes})" in errors["too_big"]
  assert f"`labels` must be class ids in [0, {classes})" in errors["negative"]
  assert "`labels` needs one label per image" in errors["count"]
  assert "`labels` needs one label per image" in errors["path_count"]
  assert not info["zoo_loaded"]


def test_generate_conditional_grid_has_one_row_per_class(exported_conditional, tmp_path):
  import zoo
  path, config, _ = exported_conditional
  out = tmp_path / "c.png"
  helpers.run_python("-m", "zoo.generate", f"--saved_model={path}", "--num=20",
                     f"--out={out}")
  assert tf.io.decode_png(tf.io.read_file(str(out))).shape == (10 * 29 + 1, 2 * 29 + 1, 1)
  images = zoo.load(path).sample(0, seed=1, labels=[4, 4, 7])
  assert images.shape == (3, 28, 28, 1)
  helpers.run_python("-m", "zoo.generate", f"--saved_model={path}", "--labels=1,2",
                     f"--out={out}")
  assert tf.io.decode_png(tf.io.read_file(str(out))).shape == (29 + 1, 2 * 29 + 1, 1)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
  workdir = tmp_path_factory.mktemp("run")
  config = helpers.small_config(steps=20)  # checkpoints at steps 10 and 20
  return trainer.train(config, workdir).export_path, config, workdir


def test_every_signature_in_a_process_without_zoo(exported):
  path, config, _ = exported
  result = helpers.run_python("-c", CHECK, str(path), str(config.model.latent_dim))
  info = json.loads(result.stdout.strip().splitlines()[-1])
  truncated = ["sample_truncated"] if config.model.prior == "normal" else []
  assert info["keys"] == ["inpaint", "interpolate", "project", "sample", *truncated,
                          "serving_default"]
  assert info["shape"] == [3, 28, 28, 1] and info["dtype"] == "float32"
  assert info["uint8"] == "uint8" and info["uint8_matches"]
  assert 0.0 <= info["range"][0] <= info["range"][1] <= 1.0 and info["n"] == 5
  assert info["same_seed"] and not info["other_seed"]
  assert info["path_shape"] == [2, 4, 28, 28, 1] and max(info["path_ends"]) < 1e-5
  errors = info["errors"]
  assert "Shape of tensor z [2,9] is not compatible with expected shape [?,8]" in errors["z_size"]
  assert "Shape of tensor z [8] is not compatible" in errors["z_rank"]
  assert "`num` must be >= 0" in errors["num_negative"]
  assert "`num` must be <= 1024" in errors["num_huge"]
  assert "`num_steps` must be >= 2" in errors["steps_one"]
  assert "`z_start` and `z_end` need the same batch size" in errors["batch_mismatch"]
  assert "`z` must be finite (no NaN or Inf)" in errors["z_nan"]
  assert "`z_end` must be finite (no NaN or Inf)" in errors["z_inf"]
  assert "the rows of `z` must be <= 1024 images (the cap set at export" in errors["z_rows"]
  assert ("the rows of `z_start` x `num_steps` must be <= 1024 images"
          in errors["path_total"])
  assert errors["path_total_ok"] == "no error"  # 64 x 16 = 1024: at the cap is allowed
  assert "the rows of `z_start` must be <= 1024 images" in errors["path_wrap"]
  assert not info["zoo_loaded"]


def test_spherical_interpolation_keeps_gaussian_latents_typical(exported):
  path, config, _ = exported
  from zoo.serving.signatures import GeneratorSignatures
  gan = trainer.load_run(exported[2])[0]
  module = GeneratorSignatures(gan.generator, 16)
  z0 = tf.random.normal([1, config.model.latent_dim], seed=3)
  z1 = tf.random.normal([1, config.model.latent_dim], seed=4)
  z1 = z1 * tf.norm(z0) / tf.norm(z1)  # same norm: a straight line would dip towards z = 0
  generator_calls = []
  original = gan.generator.call
  gan.generator.call = lambda z, labels=None, training=False: (
      generator_calls.append(z) or original(z))
  module._interpolate(z0, z1, tf.constant(5))
  norms = tf.norm(generator_calls[-1], axis=-1).numpy()
  np.testing.assert_allclose(norms, np.full(5, float(tf.norm(z0))), rtol=1e-4)
  chord_middle = float(tf.norm((z0 + z1) / 2))
  assert chord_middle < 0.95 * norms[2]  # what linear interpolation would have given


def test_metadata_describes_the_model(exported):
  path, config, _ = exported
  meta = saved_model.read_metadata(path)
  assert meta["model"] == "mnist_mlp" and meta["step"] == 20 and meta["max_num"] == 1024
  assert meta["latent_dim"] == config.model.latent_dim and meta["image_shape"] == [28, 28, 1]
  assert meta["prior"] == config.model.prior


@pytest.mark.parametrize("fixture", ["exported", "exported_conditional"])
def test_warmup_requests_parse_and_run_through_their_signatures(fixture, request):
  path, config, _ = request.getfixturevalue(fixture)
  loaded = tf.saved_model.load(str(path))
  seen = []
  for record in tf.data.TFRecordDataset(str(path / warmup.FILE)):
    log = prediction_log_pb2.PredictionLog.FromString(record.numpy())
    predict = log.predict_log.request
    assert predict.model_spec.name == config.model_name
    inputs = {k: tf.constant(tf.make_ndarray(v)) for k, v in predict.inputs.items()}
    out = loaded.signatures[predict.model_spec.signature_name](**inputs)
    assert out["images"].shape[-3:] == (28, 28, 1)
    seen.append(predict.model_spec.signature_name)
  assert sorted(seen) == sorted(loaded.signatures.keys())  # one request per signature
  assert {"inpaint", "interpolate", "project", "sample", "serving_default"} <= set(seen)


def test_generate_cli_writes_grids(exported, tmp_path):
  path, _, _ = exported
  out = tmp_path / "g.png"
  helpers.run_python("-m", "zoo.generate", f"--saved_model={path}", "--num=16", f"--out={out}")
  assert tf.io.decode_png(tf.io.read_file(str(out))).shape == (4 * 29 + 1, 4 * 29 + 1, 1)
  helpers.run_python("-m", "zoo.generate", f"--saved_model={path}", "--num=3", "--interpolate",
                     "--steps=5", f"--out={out}")
  assert tf.io.decode_png(tf.io.read_file(str(out))).shape == (3 * 29 + 1, 5 * 29 + 1, 1)
  missing = helpers.run_python("-m", "zoo.generate", f"--saved_model={tmp_path}", check=False)
  assert missing.returncode != 0 and "No SavedModel at" in missing.stderr


def test_generate_is_deterministic_for_a_seed(exported):
  import zoo
  path, _, _ = exported
  a, b = (zoo.load(path).sample(4, seed=3) for _ in range(2))
  np.testing.assert_array_equal(a, b)


def saved_model_cli(*args):
  cli = pathlib.Path(sys.executable).parent / "saved_model_cli"
  return subprocess.run([str(cli), *args], capture_output=True, text=True, check=True).stdout


def test_saved_model_cli_shows_and_runs_the_signatures(exported):
  path, config, _ = exported
  shown = saved_model_cli("show", "--dir", str(path), "--all")
  for name in ("serving_default", "sample", "interpolate"):
    assert f"signature_def['{name}']" in shown
  assert f"shape: (-1, {config.model.latent_dim})" in shown and "shape: (-1, 28, 28, 1)" in shown
  # `run` loads through the TF1 session loader, as TF Serving's C++ loader does. TF 2.21's
  # saved_model_cli accepts only Python literals in --input_exprs (no `np.zeros(...)`).
  for signature, exprs in (("serving_default", f"z={[[0.0] * config.model.latent_dim] * 2}"),
                           ("sample", "num=3;seed=0")):
    ran = saved_model_cli("run", "--dir", str(path), "--tag_set", "serve", "--signature_def",
                          signature, "--input_exprs", exprs)
    assert "Result for output key images:" in ran and "Result for output key images_uint8:" in ran


def test_export_cli_versions_steps_and_errors(exported, tmp_path):
  _, _, workdir = exported
  base = tmp_path / "serving"
  first = helpers.run_python("-m", "zoo.export", f"--workdir={workdir}", f"--export_dir={base}")
  assert first.stdout.strip().endswith("serving/mnist_mlp/1")
  helpers.run_python("-m", "zoo.export", f"--workdir={workdir}", f"--export_dir={base}",
                     "--step=10", "--version=7", "--max_num=10")
  meta = saved_model.read_metadata(base / "mnist_mlp" / "7")
  assert meta["step"] == 10 and meta["max_num"] == 10
  assert sorted(p.name for p in (base / "mnist_mlp").iterdir()) == ["1", "7"]
  bad_step = helpers.run_python("-m", "zoo.export", f"--workdir={workdir}", "--step=99",
                                check=False)
  assert bad_step.returncode != 0 and "No checkpoint of step 99" in bad_step.stderr
  assert "kept steps: " in bad_step.stderr
  not_a_run = helpers.run_python("-m", "zoo.export", f"--workdir={tmp_path}", check=False)
  assert not_a_run.returncode != 0 and "is not a training run" in not_a_run.stderr


def test_killed_export_leaves_no_partial_version(exported, tmp_path):
  _, _, workdir = exported
  base = tmp_path / "serving"
  model_dir = base / "mnist_mlp"
  args = [sys.executable, "-m", "zoo.export", f"--workdir={workdir}", f"--export_dir={base}"]
  for _ in range(3):  # the kill must land while the temporary directory exists
    proc = subprocess.Popen(args, cwd=helpers.REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    while proc.poll() is None and not list(model_dir.glob(".tmp-*/saved_model.pb")):
      pass
    proc.kill()
    proc.wait()
    if list(model_dir.glob(".tmp-*")):
      break
  assert list(model_dir.glob(".tmp-*")), "never caught the export mid-write"
  assert [p for p in model_dir.iterdir() if p.name.isdigit()] == []
  done = helpers.run_python(*args[1:])
  assert done.stdout.strip().endswith("mnist_mlp/1")
  assert sorted(p.name for p in model_dir.iterdir()) == ["1"]  # the stale temp is gone


def test_failed_export_leaves_nothing_behind(exported, tmp_path, monkeypatch):
  _, config, _ = exported
  gan = trainer.build_model(config, (28, 28, 1))
  model_dir = tmp_path / "mnist_mlp"
  def broken(*args):
    raise RuntimeError("simulated failure while verifying")
  monkeypatch.setattr(saved_model, "_verify", broken)
  with pytest.raises(RuntimeError, match="simulated"):
    saved_model.export_generator(gan.generator, model_dir)
  assert list(model_dir.iterdir()) == []
  monkeypatch.undo()
  assert saved_model.export_generator(gan.generator, model_dir).name == "1"
  from zoo import errors
  with pytest.raises(errors.UserError, match="already exists; pick another --version"):
    saved_model.export_generator(gan.generator, model_dir, version=1)  # one line, no traceback


def test_a_full_disk_during_export_leaves_nothing_and_says_so(exported, tmp_path, monkeypatch):
  from zoo import errors
  _, _, workdir = exported
  gan = trainer.load_run(workdir)[0]

  def full_disk(obj, path, *args, **kwargs):  # what SaveV2 raises as the disk fills
    (pathlib.Path(path) / "variables").mkdir(parents=True)
    raise tf.errors.ResourceExhaustedError(None, None, f"{path}/variables; No space left on device")

  monkeypatch.setattr(tf.saved_model, "save", full_disk)
  with pytest.raises(errors.NoSpaceError, match=r"No space left on device at .*mnist_mlp while "
                     r"exporting version 1; nothing partial was left there"):
    saved_model.export_generator(gan.generator, tmp_path / "mnist_mlp")
  assert list((tmp_path / "mnist_mlp").iterdir()) == []


def test_every_endpoint_is_traced_once(tmp_path, monkeypatch):
  """keras.export.ExportArchive traces each endpoint twice (zoo/serving/archive.py); the
  latent search of project/inpaint is the export's costliest trace."""
  from zoo.serving import query_signatures, signatures
  calls = {}

  def counting(name, fn):
    @functools.wraps(fn)
    def counted(*args, **kwargs):
      calls[name] = calls.get(name, 0) + 1
      return fn(*args, **kwargs)
    return counted

  for cls, name in ((query_signatures.QuerySignatures, "_project"),
                    (query_signatures.QuerySignatures, "_inpaint"),
                    (signatures.GeneratorSignatures, "_interpolate")):
    monkeypatch.setattr(cls, name, counting(name, getattr(cls, name)))
  path = saved_model.export_generator(helpers.build_generator("mnist_mlp"), tmp_path / "m")
  assert calls == {"_project": 1, "_inpaint": 1, "_interpolate": 1}
  assert {"project", "inpaint", "interpolate"} <= set(tf.saved_model.load(str(path)).signatures)
