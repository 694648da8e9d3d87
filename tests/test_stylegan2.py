"""StyleGAN2 against its formulas: modulated convolution, equalized learning rate, FIR
resampling, minibatch standard deviation, R1 and path length with their lazy scaling,
truncation, style mixing, and the export's `truncation` and `mix` inputs without zoo."""
import json

import keras
import numpy as np
import pytest
import tensorflow as tf

from tests import helpers
from zoo import data
from zoo.models import registry
from zoo.models import stylegan2 as sg2
from zoo.models import stylegan2_layers as L
from zoo.objectives import losses
from zoo.serving import saved_model, truncation
from zoo.training import trainer

RNG = np.random.default_rng(0)


def _conv_numpy(x, w):
  """'SAME' cross-correlation of one image x [H, W, Ci] with w [k, k, Ci, Co]."""
  k = w.shape[0]
  p = k // 2
  xp = np.pad(x, [(p, k - 1 - p), (p, k - 1 - p), (0, 0)])
  out = np.zeros((x.shape[0], x.shape[1], w.shape[-1]))
  for i in range(k):
    for j in range(k):
      out += xp[i:i + x.shape[0], j:j + x.shape[1]] @ w[i, j]
  return out


@pytest.mark.parametrize("demodulate,up", [(True, False), (False, False), (True, True)])
def test_modulated_conv_equals_the_explicit_per_sample_weights(demodulate, up):
  layer = L.ModulatedConv2D(5, 3, w_dim=6, demodulate=demodulate, up=up)
  x = RNG.normal(size=(3, 6, 6, 4)).astype(np.float32)
  w = RNG.normal(size=(3, 6)).astype(np.float32)
  y = layer(x, w).numpy()
  styles = layer.affine(w).numpy()
  weight = layer.kernel.numpy() * layer.scale
  inputs = L.upsample2d(x, L.fir_kernel()).numpy() if up else x
  for b in range(3):
    wb = weight * styles[b][None, None, :, None]  # the paper's per-sample weights
    if demodulate:
      wb = wb / np.sqrt(np.sum(wb ** 2, axis=(0, 1, 2), keepdims=True) + 1e-8)
    np.testing.assert_allclose(y[b], _conv_numpy(inputs[b], wb), atol=1e-5, rtol=1e-5)


def test_equalized_weights_start_n01_and_the_mapping_learns_100x_slower():
  layers = {m: L.EqualizedDense(256, lr_mul=m) for m in (1.0, 0.01)}
  x = RNG.normal(size=(64, 512)).astype(np.float32)
  moves = {}
  for m, layer in layers.items():
    layer(x)
    raw = layer.kernel.numpy()
    assert abs(raw.std() * m - 1.0) < 0.02  # N(0, 1 / lr_mul), scaled at run time
    effective = raw * layer.scale
    np.testing.assert_allclose(layer.scale, m / np.sqrt(512))
    np.testing.assert_allclose(layer(x).numpy(), x @ effective + layer.bias.numpy() * m,
                               atol=1e-4)
    optimizer = keras.optimizers.Adam(0.001)
    with tf.GradientTape() as tape:
      loss = tf.reduce_sum(layer(x) ** 2)
    optimizer.apply(tape.gradient(loss, [layer.kernel]), [layer.kernel])
    # Adam moves each raw weight by about lr; relative to the weights' scale, that is lr x m.
    moves[m] = np.abs(layer.kernel.numpy() * layer.scale - effective).mean() / np.abs(
        effective).mean()
  np.testing.assert_allclose(moves[0.01] / moves[1.0], 0.01, rtol=0.05)


def _upfirdn_numpy(x, k, up, down, pad):
  """Direct 2-D upfirdn on one channel."""
  h, w = x.shape
  u = np.zeros((h * up, w * up))
  u[::up, ::up] = x
  u = np.pad(u, [pad, pad])
  kf = k[::-1, ::-1]
  out = np.array([[np.sum(u[i:i + k.shape[0], j:j + k.shape[1]] * kf)
                   for j in range(u.shape[1] - k.shape[1] + 1)]
                  for i in range(u.shape[0] - k.shape[0] + 1)])
  return out[::down, ::down]


def test_fir_resampling_of_an_impulse():
  k = L.fir_kernel()
  np.testing.assert_allclose(k, np.outer([1, 3, 3, 1], [1, 3, 3, 1]) / 64.0)
  x = np.zeros((8, 8), np.float32)
  x[3, 4] = 1.0
  up = L.upsample2d(x[None, :, :, None], k).numpy()[0, :, :, 0]
  down = L.downsample2d(x[None, :, :, None], k).numpy()[0, :, :, 0]
  assert up.shape == (16, 16) and down.shape == (4, 4)
  np.testing.assert_allclose(up, _upfirdn_numpy(x, 4 * k, 2, 1, (2, 1)), atol=1e-6)
  np.testing.assert_allclose(down, _upfirdn_numpy(x, k, 1, 2, (1, 1)), atol=1e-6)
  np.testing.assert_allclose(up.sum(), 4.0, atol=1e-5)  # the mean is kept
  assert np.count_nonzero(up) == 16  # the impulse spreads to the 4x4 filter


def test_minibatch_stddev_against_numpy():
  x = RNG.normal(size=(8, 4, 4, 3)).astype(np.float32)
  y = L.MinibatchStdDev(4)(x).numpy()
  np.testing.assert_array_equal(y[..., :3], x)
  for g in range(2):
    group = x[4 * g:4 * g + 4]
    expected = np.sqrt(group.var(axis=0) + 1e-8).mean()
    np.testing.assert_allclose(y[4 * g:4 * g + 4, ..., 3], expected, rtol=1e-5)


def _small_d():
  d = sg2.StyleGAN2Discriminator(8, channel_base=32, channel_max=4)
  d(tf.zeros((4, 8, 8, 1)))
  return d


def test_r1_against_an_independent_tape_and_its_lazy_scaling():
  d = _small_d()
  real = tf.constant(RNG.uniform(size=(4, 8, 8, 1)).astype(np.float32))
  with tf.GradientTape() as tape:
    tape.watch(real)
    total = tf.reduce_sum(d(real))
  expected = np.sum(tape.gradient(total, real).numpy() ** 2, axis=(1, 2, 3))
  critic = lambda x, training: d(x, training=training)
  np.testing.assert_allclose(losses.r1_penalty(critic, real), expected, rtol=1e-5)
  config = helpers.small_config("fashion_mnist_stylegan2")
  model = trainer.build_model(config, (28, 28, 1), jit_compile=False)
  gamma, interval = config.stylegan2.r1_gamma, config.stylegan2.r1_interval
  for iteration, factor in ((0, interval), (1, 0.0), (interval, interval)):
    model.d_optimizer.iterations.assign(iteration)
    got = model._d_regularizer(critic, real, real, 0)
    np.testing.assert_allclose(got, 0.5 * gamma * factor * expected, rtol=1e-5)


class _LinearSynthesis:
  """images = reshape(sum_l ws[:, l] A_l): d <2 images - 1, y> / d ws[:, l] = 2 A_l y."""

  def __init__(self, num_ws=3, w_dim=5, shape=(4, 4, 1)):
    self.a = RNG.normal(size=(num_ws, w_dim, int(np.prod(shape)))).astype(np.float32)
    self.shape = shape

  def synthesize(self, ws, noise=None, training=False):
    flat = tf.einsum("blw,lwp->bp", ws, self.a)
    return tf.reshape(flat, [-1, *self.shape])


def test_path_lengths_against_their_formula():
  g = _LinearSynthesis()
  ws = tf.constant(RNG.normal(size=(6, 3, 5)).astype(np.float32))
  y = RNG.normal(size=(6, 4, 4, 1)).astype(np.float32)
  got = losses.path_lengths(g, ws, None, tf.constant(y)).numpy()
  jt_y = 2.0 * np.einsum("lwp,bp->blw", g.a, y.reshape(6, -1)) / 4.0  # / sqrt(H W)
  np.testing.assert_allclose(got, np.sqrt((jt_y ** 2).sum(2).mean(1)), rtol=1e-5)


def test_style_mixing_takes_the_second_latent_from_the_cutoff_on():
  config = helpers.small_config("fashion_mnist_stylegan2")
  model = trainer.build_model(config, (28, 28, 1), jit_compile=False)
  g = model.generator
  z = tf.constant(RNG.normal(size=(6, 8)).astype(np.float32))
  model._uniforms = lambda z, n, salt: tf.constant([[0.1, 0.0], [0.1, 0.99], [0.95, 0.5],
                                                    [0.1, 0.5], [0.0, 0.2], [0.5, 0.7]])
  model._noise = lambda x, salt: x[::-1] * 0.5  # the second latents, fixed for the test
  ws = model._styles(z, None).numpy()
  first = g.styles(z, None, training=True).numpy()
  second = g.styles(model._noise(z, 5000), None, training=True).numpy()
  cutoffs = [1 + int(u * (g.num_ws - 1)) for u in (0.0, 0.99, 0.5, 0.5, 0.2, 0.7)]
  cutoffs[2] = g.num_ws  # row 2 does not mix (0.95 >= mixing_prob 0.9)
  for b, cutoff in enumerate(cutoffs):
    np.testing.assert_allclose(ws[b, :cutoff], first[b, :cutoff], atol=1e-6)
    np.testing.assert_allclose(ws[b, cutoff:], second[b, cutoff:], atol=1e-6)


def test_truncated_normal_stays_within_the_threshold():
  z = truncation.truncated_normal([20000], tf.constant([1, 2], tf.int64), 0.5).numpy()
  assert np.abs(z).max() <= 0.5 + 1e-6
  np.testing.assert_allclose(z.std(), 0.2873, rtol=0.03)  # std of N(0, 1) cut at 0.5
  full = truncation.truncated_normal([20000], tf.constant([1, 2], tf.int64), np.inf).numpy()
  np.testing.assert_allclose(full.std(), 1.0, rtol=0.03)


CHECK = r"""
import json, sys
import numpy as np, tensorflow as tf
assert "zoo" not in sys.modules
m = tf.saved_model.load(sys.argv[1])
s = m.signatures
d = int(sys.argv[2])
z = tf.constant(np.random.default_rng(0).normal(size=(3, d)).astype(np.float32))
z2 = tf.constant(np.random.default_rng(1).normal(size=(3, d)).astype(np.float32))
one = lambda v: tf.constant(v, tf.float32)
out = {}
psi0 = s["serving_default"](z=z, truncation=one(0.0))["images"].numpy()
out["psi0_same"] = float(np.abs(psi0 - psi0[:1]).max())
sampled = s["sample"](num=tf.constant(3), seed=tf.constant(5, tf.int64), truncation=one(0.0))
out["psi0_sample"] = float(np.abs(sampled["images"].numpy() - psi0[:1]).max())
mix = lambda c: s["mix"](z_coarse=z, z_fine=z2, crossover=tf.constant(c),
                         truncation=one(1.0))["images"].numpy()
gen = lambda v: s["serving_default"](z=v, truncation=one(1.0))["images"].numpy()
out["mix_ends"] = [float(np.abs(mix(0) - gen(z2)).max()), float(np.abs(mix(int(sys.argv[3]))
                                                                       - gen(z)).max())]
out["mix_middle"] = float(np.abs(mix(2) - gen(z)).max())
errors = []
for call in (lambda: gen(z) if s["serving_default"](z=z, truncation=one(2.5)) else 0,
             lambda: s["serving_default"](z=z, truncation=one(float("nan"))),
             lambda: mix(int(sys.argv[3]) + 1),
             lambda: s["mix"](z_coarse=z, z_fine=z2[:2], crossover=tf.constant(1),
                              truncation=one(1.0)),
             lambda: s["mix"](z_coarse=tf.zeros([1025, d]), z_fine=tf.zeros([1025, d]),
                              crossover=tf.constant(1), truncation=one(1.0))):
  try:
    call()
    errors.append("accepted")
  except tf.errors.InvalidArgumentError as e:
    errors.append(e.message)
out["errors"] = errors
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
  """(generator, its SavedModel): a small StyleGAN2 whose w_avg is not 0, exported once for
  the tests below."""
  g = helpers.build_generator("fashion_mnist_stylegan2")
  g.mapping.w_avg.assign(np.random.default_rng(7).normal(size=(g.w_dim,)).astype(np.float32))
  return g, saved_model.export_generator(g, tmp_path_factory.mktemp("sg2") / "sg2")


def test_export_truncation_and_mix_in_a_process_without_zoo(exported):
  g, path = exported
  meta = saved_model.read_metadata(path)
  assert meta["truncation"] == "psi" and meta["num_ws"] == g.num_ws
  result = helpers.run_python("-c", CHECK, str(path), str(g.latent_dim), str(g.num_ws))
  info = json.loads(result.stdout.strip().splitlines()[-1])
  assert info["psi0_same"] < 1e-6 and info["psi0_sample"] < 1e-6  # w_avg's image, any z
  assert max(info["mix_ends"]) < 1e-6 and info["mix_middle"] > 1e-3
  expected = ["must be in [0, 2]", "must be in [0, 2]", f"must be in [0, {g.num_ws}]",
              "need the same batch size", "the rows of `z_coarse` must be <= 1024 images"]
  assert len(info["errors"]) == len(expected)
  for message, want in zip(info["errors"], expected):
    assert want in message, info["errors"]
  z = g.sample_latent(3, seed=1)  # psi 1 is the identity, also as the tensor the export feeds
  np.testing.assert_allclose(g(z, truncation=tf.constant(1.0)), g(z), atol=1e-6)


def test_generate_cli_truncation_for_stylegan2_and_gaussian_models(exported, tmp_path):
  dcgan = saved_model.export_generator(helpers.build_generator("mnist_dcgan"),
                                       tmp_path / "mnist_dcgan")
  for name, path in (("fashion_mnist_stylegan2", exported[1]), ("mnist_dcgan", dcgan)):
    out = tmp_path / f"{name}.png"
    helpers.run_python("-m", "zoo.generate", f"--saved_model={path}", "--num=4",
                       "--truncation=0.5", f"--out={out}")
    assert out.stat().st_size > 0
  bad = helpers.run_python("-m", "zoo.generate", f"--saved_model={dcgan}", "--num=4",
                           "--truncation=0", f"--out={tmp_path}/x.png", check=False)
  assert bad.returncode != 0 and "must be > 0; inf is none" in bad.stderr


def test_mixed_precision_runs_only_the_highest_resolutions_in_float16():
  config = helpers.small_config("fashion_mnist_stylegan2")
  config.model.fp16_resolutions = 2  # 32x32 and 16x16
  config.train.mixed_precision = "mixed_float16"
  model = trainer.build_model(config, (28, 28, 1), jit_compile=False)
  g, d = model.generator, model.discriminator
  half = lambda layer: layer.compute_dtype == "float16"
  assert {c.name: half(c) for c in g.convs} == {
      "b4_conv1": False, "b8_conv0": False, "b8_conv1": False, "b16_conv0": True,
      "b16_conv1": True, "b32_conv0": True, "b32_conv1": True}
  assert not any(half(layer) for layer in g.mapping.dense) and half(g.to_rgb[-1])
  assert half(d.from_rgb) and [half(b[0]) for b in d.blocks] == [True, True, False]
  assert not half(d.conv) and not half(d.fc)
  images = g(g.sample_latent(4, seed=0))
  assert images.dtype == "float32" and np.all(np.isfinite(images))
  ds = tf.data.Dataset.from_tensors(
      RNG.uniform(size=(8, 28, 28, 1)).astype(np.float32)).repeat()
  logs = model.fit(ds, steps_per_epoch=config.train.steps_per_execution, verbose=0).history
  assert all(np.isfinite(v[-1]) for v in logs.values()), logs


def test_conditional_variant_embeds_labels_in_mapping_and_projects_in_d():
  g = sg2.StyleGAN2Generator(8, (32, 32, 3), w_dim=8, channel_base=64, channel_max=8,
                             num_classes=10)
  d = sg2.StyleGAN2Discriminator(32, channel_base=64, channel_max=8, num_classes=10)
  z = g.sample_latent(4, seed=0)
  labels, other = np.array([0, 1, 2, 3]), np.array([5, 6, 7, 8])
  images = g(z, labels=labels)
  assert images.shape == (4, 32, 32, 3)
  assert not np.allclose(images, g(z, labels=other))
  assert d(images, labels=labels).shape == (4,)
  assert not np.allclose(d(images, labels=labels), d(images, labels=other))


def test_folder256_asks_for_your_images():
  config = registry.get("folder_stylegan2_256").default_config()
  config.data.source = "auto"
  with pytest.raises(data.DataNotFoundError, match="data.source=folder"):
    data.load(config.data)
