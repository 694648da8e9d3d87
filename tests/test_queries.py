"""`project` and `inpaint`: the search recovers G's own samples, known pixels come back
unchanged, every bad input and the work cap are refused in the graph, the VAE starts at its
encoder's mean, and the commands write their grids and reports."""
import json

import keras
import numpy as np
import pytest
import tensorflow as tf

import zoo
from tests import helpers
from zoo.data import masks
from zoo.models import base
from zoo.serving import queries, saved_model
from zoo.training import trainer


class LinearGenerator(base.Generator):
  """sigmoid(W z + b) with W ~ N(0, 1): every pixel depends on z, so a search that works
  finds z0 again from G(z0) and one that does not is far from it."""

  def __init__(self, **kwargs):
    super().__init__(latent_dim=8, image_shape=(6, 6, 1), prior="normal", **kwargs)
    self.dense = keras.layers.Dense(36, kernel_initializer=keras.initializers.RandomNormal(
        stddev=1.0, seed=1))

  def call(self, z, labels=None, training=False):
    return keras.ops.reshape(keras.ops.sigmoid(self.dense(z)), (-1, 6, 6, 1))


@pytest.fixture(scope="module")
def linear(tmp_path_factory):
  generator = LinearGenerator()
  generator(tf.zeros([1, 8]))
  # No latent term: it trades pixel error for typical latents, and this tests the search.
  path = saved_model.export_generator(generator, tmp_path_factory.mktemp("linear") / "lin",
                                      max_steps=400, max_work=4 * 400 * 4, latent_weight=0.0)
  return zoo.load(path)


def test_projecting_g_of_z0_recovers_the_image(linear):
  x = linear.generate(linear.latents(4, seed=3))
  start_error = np.abs(linear.generate(linear.latents(4, seed=9)) - x).mean()
  one_step = linear.project(x, num_steps=1, seed=0)
  out = linear.project(x, num_steps=400, seed=0)
  error = np.abs(out["images"] - x).mean(axis=(1, 2, 3))
  assert start_error > 0.1  # the test can fail: random latents are far from x
  assert error.max() < 0.01, error
  assert out["loss"].max() < one_step["loss"].min()
  np.testing.assert_allclose(linear.generate(out["z"]), out["images"], atol=1e-6)
  again = linear.project(x, num_steps=400, seed=0)
  np.testing.assert_array_equal(again["z"], out["z"])  # a seed fixes the result


def test_inpaint_keeps_known_pixels_exactly_and_fills_the_rest(linear):
  x = linear.generate(linear.latents(3, seed=5))
  x = x.copy()
  x[:, 3:] = np.random.default_rng(0).uniform(size=x[:, 3:].shape)  # unknown: noise
  mask = masks.make("bottom_half", 3, 6, 6)
  out = linear.inpaint(x, mask, num_steps=200)
  known = mask.astype(bool).repeat(1, axis=-1)
  assert np.array_equal(out["images"][known], x[known])
  np.testing.assert_allclose(out["images"][~known], out["generated"][~known])
  assert out["images_uint8"].dtype == np.uint8 and out["z"].shape == (3, 8)


# Run with plain TensorFlow (no zoo): every refusal's message, one JSON line.
CHECK = """
import json, sys
import numpy as np, tensorflow as tf
s = tf.saved_model.load(sys.argv[1]).signatures
def err(name, images=np.full([2, 6, 6, 1], 0.5), mask=None, num_steps=5, **kw):
  if name == "inpaint":
    kw["mask"] = tf.constant(np.ones([len(images), 6, 6, 1]) if mask is None else mask,
                             tf.float32)
  try:
    s[name](images=tf.constant(images, tf.float32), num_steps=tf.constant(num_steps),
            seed=tf.constant(0, tf.int64), **kw)
    return "no error"
  except (tf.errors.InvalidArgumentError, ValueError, TypeError) as e:
    return str(e)
print(json.dumps(dict(
    ok=err("inpaint"), above_one=err("project", images=np.full([1, 6, 6, 1], 1.5)),
    negative=err("inpaint", images=np.full([1, 6, 6, 1], -0.1)),
    nan=err("project", images=np.full([1, 6, 6, 1], np.nan)),
    shape=err("project", images=np.zeros([1, 5, 6, 1])),
    empty=err("project", images=np.zeros([0, 6, 6, 1])),
    mask_shape=err("inpaint", mask=np.ones([2, 6, 5, 1])),
    mask_rows=err("inpaint", mask=np.ones([3, 6, 6, 1])),
    mask_values=err("inpaint", mask=np.full([2, 6, 6, 1], 0.5)),
    steps_zero=err("project", num_steps=0), steps_cap=err("project", num_steps=401),
    work_cap=err("inpaint", images=np.zeros([5, 6, 6, 1]), num_steps=400),
    work_ok=err("project", images=np.zeros([4, 6, 6, 1]), num_steps=400),
    zoo_loaded=any(k.split(".")[0] == "zoo" for k in sys.modules))))
"""


def test_bad_inputs_and_the_work_cap_are_refused_without_zoo(linear):
  info = json.loads(helpers.run_python("-c", CHECK, linear.path).stdout.splitlines()[-1])
  assert info.pop("zoo_loaded") is False
  assert info.pop("ok") == "no error" and info.pop("work_ok") == "no error"  # 4 x 400 x 4
  expected = {
      "above_one": "`images` must be finite and in [0, 1]",
      "negative": "`images` must be finite and in [0, 1]",
      "nan": "`images` must be finite and in [0, 1]",
      "shape": "Shape of tensor images [1,5,6,1] is not compatible",
      "empty": "`images` needs at least one image",
      "mask_shape": "Shape of tensor mask [2,6,5,1] is not compatible",
      "mask_rows": "`mask` needs one mask per image",
      "mask_values": "`mask` must hold only 0 (to fill) and 1 (known)",
      "steps_zero": "`num_steps` must be >= 1",
      "steps_cap": "`num_steps` must be <= 400 (the cap set at export",
      "work_cap": "rows of `images` x `num_steps` x 4 restarts must be <= 6400 (the work cap",
  }
  for key, message in expected.items():
    assert message in info[key], (key, info[key])


@pytest.fixture(scope="module")
def vae(tmp_path_factory):
  run = trainer.train(helpers.small_config("mnist_vae", steps=10),
                      tmp_path_factory.mktemp("vae"))
  return run, zoo.load(run.export_path)


def test_vae_search_starts_at_the_encoders_mean(vae):
  run, client = vae
  x = np.random.default_rng(1).uniform(size=(3, 28, 28, 1)).astype(np.float32)
  mean = run.model.encoder(x)[0].numpy()
  z = client.project(x, num_steps=1)["z"]
  # One Adam step moves each coordinate by at most about the learning rate (0.1); a random
  # start is N(0, 1) away.
  assert client.metadata["queries"]["encoder_start"]
  assert np.abs(z - mean).max() < 0.11


def test_an_export_carries_d_only_when_asked(tmp_path):
  config = helpers.small_config("mnist_dcgan", steps=10)
  run = trainer.train(config, tmp_path / "run")
  assert zoo.load(run.export_path).metadata["queries"]["discriminator"] is False
  path = trainer.export_checkpoint(tmp_path / "run", discriminator=True)
  loaded = tf.saved_model.load(str(path))
  assert zoo.load(path).metadata["queries"]["discriminator"] is True
  d_weights = sum(int(np.prod(w.shape)) for w in run.model.discriminator.weights)
  size = lambda p: sum(int(np.prod(v.shape)) for v in tf.saved_model.load(str(p)).variables)
  assert size(path) - size(run.export_path) == d_weights
  mask = masks.make("center", 1, 28, 28)
  out = loaded.signatures["inpaint"](images=tf.fill([1, 28, 28, 1], 0.5), mask=tf.constant(mask),
                                     num_steps=tf.constant(2), seed=tf.constant(0, tf.int64))
  assert out["images"].shape == (1, 28, 28, 1)


def test_project_and_inpaint_commands_write_grids_and_reports(vae, tmp_path):
  _, client = vae
  paths = []
  for i in range(2):
    paths.append(tmp_path / f"{i}.png")
    helpers.write_image(paths[-1], np.full((40, 30, 1), 60 * i, np.uint8))
  images = "--images=" + ",".join(str(p) for p in paths)
  helpers.run_python("-m", "zoo.project", f"--saved_model={client.path}", images,
                     "--num_steps=3", f"--out={tmp_path / 'p.png'}")
  report = json.loads((tmp_path / "p.json").read_text())
  assert [r["image"] for r in report["per_image"]] == [str(p) for p in paths]
  assert tf.io.decode_png(tf.io.read_file(str(tmp_path / "p.png"))).shape == (2 * 29 + 1,
                                                                              2 * 29 + 1, 1)
  helpers.run_python("-m", "zoo.inpaint", f"--saved_model={client.path}", images,
                     "--mask=random:0.5", "--num_steps=3", f"--out={tmp_path / 'i.png'}")
  report = json.loads((tmp_path / "i.json").read_text())
  assert report["mask"] == "random:0.5" and len(report["per_image"]) == 2
  assert tf.io.decode_png(tf.io.read_file(str(tmp_path / "i.png"))).shape[1] == 3 * 29 + 1
  bad = helpers.run_python("-m", "zoo.inpaint", f"--saved_model={client.path}", images,
                           "--mask=diagonal", check=False)
  assert bad.returncode == 1 and "Unknown mask 'diagonal'" in bad.stderr
  bad = helpers.run_python("-m", "zoo.project", f"--saved_model={client.path}", check=False)
  assert bad.returncode == 1 and "Pass --images=a.png,b.png or --dataset" in bad.stderr


def test_masks():
  assert masks.make("bottom_half", 1, 4, 4)[0, :, :, 0].tolist() == [[1] * 4] * 2 + [[0] * 4] * 2
  assert masks.make("center", 1, 4, 4)[0, 1:3, 1:3].sum() == 0
  assert masks.make("center", 1, 4, 4).sum() == 12
  assert abs(masks.make("random:0.5", 2, 28, 28, seed=1).mean() - 0.5) < 0.05
  with pytest.raises(ValueError, match="random:F needs a fraction"):
    masks.make("random:2", 1, 4, 4)


@pytest.mark.parametrize("context,far_pixel_matters", [("uniform", True), ("yeh", False)])
def test_context_weights_known_pixels(context, far_pixel_matters):
  generator = LinearGenerator()
  search = queries.LatentSearch(generator, restarts=1, context=context)
  images = np.full((1, 6, 6, 1), 0.5, np.float32)
  images[0, 0, 0, 0] = 0.0
  far = images.copy()
  far[0, 0, 0, 0] = 1.0  # four rows from the hole, outside its 7x7 windows; G(z) is in
  # (0, 1), so the L1 gradient at this pixel changes sign
  mask = masks.make("bottom_half", 1, 6, 6)
  mask[:, 3] = 1.0       # the hole is rows 4 and 5
  run = lambda x: search.inpaint(tf.constant(x), tf.constant(mask), tf.constant(3),
                                 tf.constant(0, tf.int64))["z"].numpy()
  assert (np.abs(run(images) - run(far)).max() > 1e-6) == far_pixel_matters
  with pytest.raises(ValueError, match="context must be one of"):
    queries.LatentSearch(generator, context="nearest")
