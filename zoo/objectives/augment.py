"""Differentiable augmentation of every image D sees, real and fake, in D and G steps, so
that D cannot memorize a small dataset and G is not taught the augmentations (the
augmentations are differentiable, so G's gradient passes through them):

- DiffAugment (Zhao et al. 2020, "Differentiable Augmentation for Data-Efficient GAN
  Training", arXiv:2006.10738): `color` (brightness, saturation, contrast), `translation`
  (up to 1/8 of the image, zero padded), `cutout` (a square of half the image size).
- ADA (Karras et al. 2020, "Training Generative Adversarial Networks with Limited Data",
  arXiv:2006.06676): each transformation applied with probability p, which the GAN adapts
  (`ada_update`): pixel blitting (x-flip, 90-degree rotations, integer translation),
  general geometric (isotropic scaling, rotation, anisotropic scaling, fractional
  translation; one bilinear resampling with reflection), and colour (brightness, contrast,
  saturation; the paper's luma flip and hue rotation are not here).

Images are [B, H, W, C] in about [0, 1] (the papers' brightness shifts, given for [-1, 1],
are halved). All randomness comes from `u`, uniforms [B, n] in
[0, 1) given by the caller (per example, per replica), so a test can fix it.
"""
import math

import tensorflow as tf

DIFFAUGMENT_OPS = ("color", "translation", "cutout")
POLICIES = ("none", "diffaugment", "ada")
DIFFAUGMENT_UNIFORMS = 7
ADA_UNIFORMS = 22


def _per_example(v):
  return v[:, None, None, None]


def diff_augment(x, ops, u):
  """DiffAugment with `ops` (a subset of DIFFAUGMENT_OPS, applied in that order)."""
  if "color" in ops:  # the paper's shifts are for images in [-1, 1]: halved for [0, 1]
    x = x + _per_example((u[:, 0] - 0.5) * 0.5)
    mean = tf.reduce_mean(x, axis=3, keepdims=True)
    x = (x - mean) * _per_example(u[:, 1] * 2.0) + mean
    mean = tf.reduce_mean(x, axis=[1, 2, 3], keepdims=True)
    x = (x - mean) * _per_example(u[:, 2] + 0.5) + mean
  if "translation" in ops:
    x = translate(x, u[:, 3:5] * 2.0 - 1.0, ratio=0.125)
  if "cutout" in ops:
    x = cutout(x, u[:, 5:7], ratio=0.5)
  return x


def translate(x, shift, ratio):
  """Moves each image by round(shift * ratio * size) pixels (shift in [-1, 1], [B, 2] for
  rows and columns), filling with zeros."""
  height, width = x.shape[1], x.shape[2]
  pad_h, pad_w = max(1, round(height * ratio)), max(1, round(width * ratio))
  dy = tf.cast(tf.round(shift[:, 0] * pad_h), tf.int32)
  dx = tf.cast(tf.round(shift[:, 1] * pad_w), tf.int32)
  padded = tf.pad(x, [[0, 0], [pad_h, pad_h], [pad_w, pad_w], [0, 0]])
  rows = tf.range(height)[None, :] + pad_h - dy[:, None]
  cols = tf.range(width)[None, :] + pad_w - dx[:, None]
  x = tf.gather(padded, rows, axis=1, batch_dims=1)
  return tf.gather(x, cols, axis=2, batch_dims=1)


def cutout(x, centre, ratio):
  """Zeroes a square of ratio * size at a uniform centre (centre in [0, 1), [B, 2])."""
  height, width = x.shape[1], x.shape[2]
  size_h, size_w = int(height * ratio + 0.5), int(width * ratio + 0.5)
  cy = tf.cast(centre[:, 0] * (height + 1 - size_h % 2), tf.int32)[:, None] - size_h // 2
  cx = tf.cast(centre[:, 1] * (width + 1 - size_w % 2), tf.int32)[:, None] - size_w // 2
  inside_rows = (tf.range(height)[None] >= cy) & (tf.range(height)[None] < cy + size_h)
  inside_cols = (tf.range(width)[None] >= cx) & (tf.range(width)[None] < cx + size_w)
  inside = inside_rows[:, :, None] & inside_cols[:, None, :]
  return x * tf.cast(~inside, x.dtype)[..., None]


def _exp2(v):
  return tf.pow(2.0, v)


def _normal(u):
  return tf.math.ndtri(tf.clip_by_value(u, 1e-6, 1.0 - 1e-6))


def _matrix(rows):
  """[B, 3, 3] from nine [B] tensors, row by row."""
  return tf.reshape(tf.stack(rows, axis=1), [-1, 3, 3])


def ada_matrices(p, u, height, width):
  """The blit and geometric transforms of ADA as one [B, 3, 3] matrix per example (pixel
  coordinates about the centre), each transform present with probability p."""
  one, zero = tf.ones_like(u[:, 0]), tf.zeros_like(u[:, 0])
  on = lambda i: u[:, i] < p  # noqa: E731
  flip = tf.where(on(0) & (u[:, 1] < 0.5), -one, one)
  m = _matrix([flip, zero, zero, zero, one, zero, zero, zero, one])
  quarter = tf.where(on(2), tf.floor(u[:, 3] * 4.0), zero) * (math.pi / 2)
  m = m @ _rotation(quarter, one, zero)
  tx = tf.where(on(4), tf.round((u[:, 5] * 2 - 1) * 0.125 * width), zero)
  ty = tf.where(on(4), tf.round((u[:, 6] * 2 - 1) * 0.125 * height), zero)
  m = m @ _matrix([one, zero, tx, zero, one, ty, zero, zero, one])
  s = tf.where(on(7), _exp2(_normal(u[:, 8]) * 0.2), one)
  m = m @ _matrix([s, zero, zero, zero, s, zero, zero, zero, one])
  m = m @ _rotation(tf.where(on(9), (u[:, 10] * 2 - 1) * math.pi, zero), one, zero)
  a = tf.where(on(11), _exp2(_normal(u[:, 12]) * 0.2), one)
  m = m @ _matrix([a, zero, zero, zero, 1.0 / a, zero, zero, zero, one])
  fx = tf.where(on(13), _normal(u[:, 14]) * 0.125 * width, zero)
  fy = tf.where(on(13), _normal(u[:, 15]) * 0.125 * height, zero)
  return m @ _matrix([one, zero, fx, zero, one, fy, zero, zero, one])


def _rotation(angle, one, zero):
  c, s = tf.cos(angle), tf.sin(angle)
  return _matrix([c, -s, zero, s, c, zero, zero, zero, one])


def ada_augment(x, p, u):
  """ADA's pipeline at probability p (a scalar) on images x with uniforms u [B, 22]."""
  height, width = x.shape[1], x.shape[2]
  centre = tf.constant([[1.0, 0.0, (width - 1) / 2], [0.0, 1.0, (height - 1) / 2],
                        [0.0, 0.0, 1.0]])
  uncentre = tf.constant([[1.0, 0.0, -(width - 1) / 2], [0.0, 1.0, -(height - 1) / 2],
                          [0.0, 0.0, 1.0]])
  # Output pixel -> input pixel (what the op wants): the random transform is symmetric in
  # distribution, so it serves as its own inverse's distribution.
  m = centre[None] @ ada_matrices(p, u, height, width) @ uncentre[None]
  transforms = tf.reshape(m, [-1, 9])[:, :8] / m[:, 2:3, 2]
  x = tf.raw_ops.ImageProjectiveTransformV3(
      images=x, transforms=transforms, output_shape=tf.constant([height, width]),
      fill_value=0.0, interpolation="BILINEAR", fill_mode="REFLECT")
  b = tf.where(u[:, 16] < p, _normal(u[:, 17]) * 0.1, 0.0)  # N(0, 0.2) in [-1, 1] units
  x = x + _per_example(b)
  c = tf.where(u[:, 18] < p, _exp2(_normal(u[:, 19]) * 0.5), 1.0)
  mean = tf.reduce_mean(x, axis=[1, 2, 3], keepdims=True)
  x = (x - mean) * _per_example(c) + mean
  if x.shape[3] > 1:
    s = tf.where(u[:, 20] < p, _exp2(_normal(u[:, 21]) * 1.0), 1.0)
    luma = tf.reduce_mean(x, axis=3, keepdims=True)
    x = (x - luma) * _per_example(s) + luma
  return x


def ada_adjustment(r_t, target, images_per_update, ada_kimg):
  """The change of p after one update (Karras et al. 2020, section 3):
  sign(r_t - target) * images_per_update / (ada_kimg * 1000)."""
  return tf.sign(r_t - target) * images_per_update / (ada_kimg * 1000.0)


class Augmentation:
  """The GAN's augmentation of D's inputs by config (`augment.*`), with ADA's state: p, and
  the running sum of sign(D(x_real)) since p's last update. The state is three variables
  created under the model's strategy (each replica adds its own mean, so their values are
  the global means), saved in checkpoints, so p is restored on resume."""

  def __init__(self, model, policy="none", diffaugment="color,translation,cutout",
               ada_target=0.6, ada_kimg=500, ada_interval=4):
    if policy not in POLICIES:
      raise ValueError(f"augment.policy must be one of {POLICIES}, got {policy!r}.")
    self.policy = policy
    self.ops = tuple(o.strip() for o in diffaugment.split(",") if o.strip())
    unknown = set(self.ops) - set(DIFFAUGMENT_OPS)
    if unknown:
      raise ValueError(f"augment.diffaugment: unknown {sorted(unknown)}; use "
                       f"{', '.join(DIFFAUGMENT_OPS)}.")
    self.target, self.kimg, self.interval = float(ada_target), float(ada_kimg), int(ada_interval)
    self.variables = {}
    if policy == "ada":
      for name in ("ada_p", "ada_sign_sum", "ada_sign_count"):
        self.variables[name] = model.add_weight(shape=(), initializer="zeros", trainable=False,
                                                aggregation="mean", name=name)

  @property
  def uniforms(self):
    return {"diffaugment": DIFFAUGMENT_UNIFORMS, "ada": ADA_UNIFORMS}.get(self.policy, 0)

  @property
  def p(self):
    return self.variables["ada_p"]

  def __call__(self, x, u):
    if self.policy == "diffaugment":
      return diff_augment(x, self.ops, u)
    if self.policy == "ada":
      return ada_augment(x, self.p, u)
    return x

  def observe(self, real_logits):
    """Adds this step's mean sign(D(x_real)) to r_t, ADA's overfitting heuristic."""
    self.variables["ada_sign_sum"].assign_add(tf.reduce_mean(tf.sign(real_logits)))
    self.variables["ada_sign_count"].assign_add(1.0)

  def update(self, step, images_per_step):
    """Every `ada_interval` steps: p += sign(r_t - target) * images / (ada_kimg * 1000),
    clipped to [0, 1], and the running r_t starts again. Returns r_t since the last update."""
    total, count = self.variables["ada_sign_sum"], self.variables["ada_sign_count"]
    r_t = total / tf.maximum(count, 1.0)
    due = tf.equal(tf.math.floormod(step, self.interval), 0)
    adjust = ada_adjustment(r_t, self.target, images_per_step * self.interval, self.kimg)
    self.p.assign(tf.where(due, tf.clip_by_value(self.p + adjust, 0.0, 1.0), self.p))
    total.assign(tf.where(due, 0.0, total))
    count.assign(tf.where(due, 0.0, count))
    return r_t
