"""Truncation, and StyleGAN2's style mixing, as exported signatures.

StyleGAN2 generators (they have `styles` and `synthesize`): `serving_default` and `sample`
take `truncation` psi, float32 scalar in [0, 2]: w = w_avg + psi (w - w_avg) (1 = none,
0 = the average image), and `mix(z_coarse, z_fine, crossover, truncation)` draws each
image with the styles of z_coarse for the layers before `crossover` (coarse: pose, shape)
and of z_fine from it on (fine: colour, texture).
Other generators with Gaussian latents get `sample_truncated(num, seed, truncation)`: z from
N(0, I) truncated to |z_i| <= truncation (BigGAN's trick, Brock et al. 2019), drawn exactly
by the inverse CDF rather than by resampling, so the work is bounded for any threshold > 0.
zoo.json records which: `truncation` is "psi" or "threshold".
"""
import tensorflow as tf


MAX_PSI = 2.0


def kind(generator):
  """"psi" (StyleGAN2), "threshold" (other Gaussian latents) or None (uniform latents)."""
  if hasattr(generator, "styles") and hasattr(generator, "synthesize"):
    return "psi"
  return "threshold" if generator.prior == "normal" else None


def truncated_normal(shape, seed, threshold):
  """N(0, 1) truncated to [-threshold, threshold], by the inverse CDF of a stateless
  uniform (threshold = inf gives N(0, 1))."""
  low = 0.5 * tf.math.erfc(threshold / 2.0 ** 0.5)  # Phi(-threshold)
  u = tf.random.stateless_uniform(shape, seed, minval=1e-7, maxval=1.0 - 1e-7)
  return tf.math.ndtri(low + u * (1.0 - 2.0 * low))


class TruncationSignatures:
  """The signatures above for the GeneratorSignatures `base` (its checks and caps)."""

  def __init__(self, base):
    self.base = base
    self.kind = kind(base.generator)

  def _check(self, value):
    value = tf.ensure_shape(value, [], name="truncation")
    if self.kind == "psi":
      ok = tf.logical_and(value >= 0.0, value <= MAX_PSI)
      message = f"`truncation` (psi) must be in [0, {MAX_PSI:g}]: 1 is none, 0 the average"
    else:
      ok = tf.logical_and(value > 0.0, tf.logical_not(tf.math.is_nan(value)))
      message = "`truncation` (a threshold on |z|) must be > 0; inf is none"
    with tf.control_dependencies([tf.debugging.Assert(ok, [message, value])]):
      return tf.identity(value)

  def endpoints(self):
    """{name: (function, input signature)} to add to (or replace in) base.endpoints()."""
    if self.kind is None:
      return {}
    base, spec = self.base.endpoints(), tf.TensorSpec([], tf.float32, name="truncation")
    labels = ([tf.TensorSpec([None], tf.int32, name="labels")]
              if self.base.generator.num_classes else [])
    # (..., truncation, labels): the order _ordered() reads
    inputs = lambda name: [s for s in base[name][1] if s.name != "labels"] + [spec] + labels
    if self.kind == "threshold":
      return {"sample_truncated": (self._sample_truncated, inputs("sample"))}
    out = {}
    for name, fn in (("serving_default", self._serve), ("sample", self._sample)):
      out[name] = (fn, inputs(name))
    latent = tf.TensorSpec([None, self.base.generator.latent_dim], tf.float32)
    inputs = [tf.TensorSpec.from_spec(latent, name="z_coarse"),
              tf.TensorSpec.from_spec(latent, name="z_fine"),
              tf.TensorSpec([], tf.int32, name="crossover"), spec]
    if self.base.generator.num_classes:
      inputs.append(tf.TensorSpec([None], tf.int32, name="labels"))
    out["mix"] = (self._mix, inputs)
    return out

  def _ordered(self, *args):
    """(..., truncation, labels or None) from a call with or without labels."""
    if self.base.generator.num_classes:
      return args
    return (*args, None)

  def _serve(self, z, *rest):
    truncation, labels = self._ordered(*rest)
    return self.base._serve(z, labels, truncation=self._check(truncation))

  def _sample(self, num, seed, *rest):
    truncation, labels = self._ordered(*rest)
    return self.base._sample(num, seed, labels, truncation=self._check(truncation))

  def _sample_truncated(self, num, seed, *rest):
    truncation, labels = self._ordered(*rest)
    threshold = self._check(truncation)
    return self.base._sample(num, seed, labels, draw=lambda shape, seeds: truncated_normal(
        shape, seeds, threshold))

  def _mix(self, z_coarse, z_fine, crossover, *rest):
    truncation, labels = self._ordered(*rest)
    g = self.base.generator
    coarse, fine = self.base._latent(z_coarse, "z_coarse"), self.base._latent(z_fine, "z_fine")
    crossover = tf.ensure_shape(crossover, [], name="crossover")
    checks = [tf.debugging.assert_equal(tf.shape(coarse)[0], tf.shape(fine)[0], message=(
                  "`z_coarse` and `z_fine` need the same batch size")),
              tf.debugging.assert_greater_equal(crossover, 0, message=(
                  f"`crossover` must be in [0, {g.num_ws}] (the layers of z_coarse)")),
              tf.debugging.assert_less_equal(crossover, g.num_ws, message=(
                  f"`crossover` must be in [0, {g.num_ws}] (the layers of z_coarse)")),
              self.base._at_most_max_num(tf.shape(coarse)[0], "the rows of `z_coarse`")]
    with tf.control_dependencies(checks):  # no styles are computed before the caps hold
      truncation = self._check(truncation)
      coarse, fine = tf.identity(coarse), tf.identity(fine)
    if labels is not None:
      labels = self.base._labels(labels, tf.shape(coarse)[0])
    ws_coarse = g.styles(coarse, labels, truncation=truncation)
    ws_fine = g.styles(fine, labels, truncation=truncation)
    take = tf.range(g.num_ws)[None, :, None] < crossover
    return self.base.images_from(g.synthesize(tf.where(take, ws_coarse, ws_fine)))
