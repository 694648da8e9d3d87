"""The graph exported for serving: a generator, its prior, and validated signatures.

Nothing here is needed to load an export: `tf.saved_model.load` restores it without zoo.
They are written with keras.export.ExportArchive, which saves the Keras variables so that
TF1-style loaders (TF Serving, `saved_model_cli run`) find them too.
All inputs are checked in the graph (tf.ensure_shape, asserts), so TF Serving and Python
clients get an InvalidArgument error naming the input, never a crash deep in a MatMul or a
batch of NaN images. Every signature is bounded: one request produces at most `max_num`
images (the cap set at export, recorded in zoo.json), whatever its inputs.
"""
import tensorflow as tf

from zoo import priors


def to_uint8(images):
  """Images in [0, 1] as uint8 in [0, 255] (clipped, rounded)."""
  return tf.cast(tf.round(tf.clip_by_value(images, 0.0, 1.0) * 255.0), tf.uint8)


def checked_images(images, shape, max_num):
  """`images` with the checks attached: shape [N, *shape], finite, in [0, 1], and at most
  `max_num` rows."""
  images = tf.ensure_shape(images, [None, *shape], name="images")
  size = "x".join(str(d) for d in shape)
  in_range = "`images` must be pixel values from 0 to 1"
  checks = [
      tf.debugging.assert_all_finite(images, "`images` must be finite (no NaN or Inf)"),
      tf.debugging.assert_greater_equal(images, 0.0, message=in_range),
      tf.debugging.assert_less_equal(images, 1.0, message=in_range),
      tf.debugging.assert_less_equal(
          tf.shape(images)[0], max_num,
          message=f"`images` must be <= {max_num} images of {size} (the cap set at export, "
          "zoo.json max_num); send several requests for more")]
  with tf.control_dependencies(checks):
    return tf.identity(images)


class GeneratorSignatures:
  """serving_default(z), sample(num, seed) and interpolate(z_start, z_end, num_steps), each
  returning `images` float32 in [0, 1] and `images_uint8` (models of points: `samples`);
  conditional generators take `labels` int32 [None] in each, one label per image (per
  path for interpolate). Latents must be finite; the images of one request (rows of `z`,
  `num`, rows of `z_start` x `num_steps`) are at most `max_num`."""

  def __init__(self, generator, max_num):
    self.generator = generator
    self._d = int(generator.latent_dim)
    self._prior = generator.prior
    self._classes = int(generator.num_classes)
    self._max_num = int(max_num)

  def endpoints(self):
    """{signature name: (function, input signature)}, for ExportArchive.add_endpoint."""
    latent = lambda name: tf.TensorSpec([None, self._d], tf.float32, name=name)
    scalar = lambda dtype, name: tf.TensorSpec([], dtype, name=name)
    specs = {
        "serving_default": (self._serve, [latent("z")]),
        "sample": (self._sample, [scalar(tf.int32, "num"), scalar(tf.int64, "seed")]),
        "interpolate": (self._interpolate, [latent("z_start"), latent("z_end"),
                                            scalar(tf.int32, "num_steps")]),
    }
    if not self._classes:
      return specs
    labels = tf.TensorSpec([None], tf.int32, name="labels")
    return {
        "serving_default": (lambda z, labels: self._serve(z, labels), [*specs[
            "serving_default"][1], labels]),
        "sample": (lambda num, seed, labels: self._sample(num, seed, labels),
                   [*specs["sample"][1], labels]),
        "interpolate": (lambda z_start, z_end, num_steps, labels: self._interpolate(
            z_start, z_end, num_steps, labels), [*specs["interpolate"][1], labels]),
    }

  def _labels(self, labels, count):
    """Checks one label per image, each in [0, num_classes)."""
    labels = tf.ensure_shape(labels, [None], name="labels")
    message = f"`labels` must be class ids in [0, {self._classes})"
    checks = [tf.debugging.assert_non_negative(labels, message=message),
              tf.debugging.assert_less(labels, self._classes, message=message),
              tf.debugging.assert_equal(tf.size(labels), count,
                                        message="`labels` needs one label per image")]
    with tf.control_dependencies(checks):
      return tf.identity(labels)

  def _latent(self, z, name):
    z = tf.ensure_shape(z, [None, self._d], name=name)
    return tf.debugging.assert_all_finite(z, f"`{name}` must be finite (no NaN or Inf)")

  def _at_most_max_num(self, images, what):
    """Checks that a request asks for at most max_num images (`what` says how it counts)."""
    check = tf.debugging.assert_less_equal(
        tf.cast(images, tf.int64), tf.constant(self._max_num, tf.int64),
        message=f"{what} must be <= {self._max_num} images (the cap "
        "set at export, zoo.json max_num); send several requests for more")
    with tf.control_dependencies([check]):
      return tf.identity(images)

  def _count(self, value, name, low):
    value = tf.ensure_shape(value, [], name=name)
    checks = [tf.debugging.assert_greater_equal(value, low, message=f"`{name}` must be >= {low}"),
              tf.debugging.assert_less_equal(
                  value, self._max_num, message=f"`{name}` must be <= {self._max_num} (the cap "
                  "set at export); send several requests for more")]
    with tf.control_dependencies(checks):  # the checks' message, not a later op's, on error
      return tf.identity(value)

  def images(self, z, labels=None, truncation=None):
    """G's outputs for checked inputs: {"images", "images_uint8"} (points: {"samples"});
    `truncation` is StyleGAN2's psi (zoo/serving/truncation.py)."""
    extra = {} if truncation is None else {"truncation": truncation}
    return self.images_from(self.generator(z, labels=labels, training=False, **extra))

  def images_from(self, images):
    images = tf.cast(images, tf.float32)
    if len(self.generator.image_shape) == 1:  # a model of points: no pixels to quantize
      return {"samples": images}
    return {"images": images, "images_uint8": to_uint8(images)}

  def _serve(self, z, labels=None, truncation=None):
    z = self._latent(z, "z")
    with tf.control_dependencies([self._at_most_max_num(tf.shape(z)[0], "the rows of `z`")]):
      z = tf.identity(z)
    if labels is not None:
      labels = self._labels(labels, tf.shape(z)[0])
    return self.images(z, labels, truncation)

  def _sample(self, num, seed, labels=None, truncation=None, draw=None):
    """`num` images from latents drawn by `draw(shape, seeds)` (default: the prior)."""
    num = self._count(num, "num", 0)
    if labels is not None:
      labels = self._labels(labels, num)
    seeds = tf.stack([tf.ensure_shape(seed, [], name="seed"), tf.constant(0, tf.int64)])
    draw = draw or (lambda shape, seeds: priors.sample_stateless(self._prior, shape, seeds))
    return self.images(draw(tf.stack([num, self._d]), seeds), labels, truncation)

  def _interpolate(self, z_start, z_end, num_steps, labels=None):
    """Images [batch, num_steps, H, W, C] from z_start to z_end: spherical interpolation
    (White 2016) for Gaussian latents, where a straight line would pass through
    low-probability latents near 0; a straight line for uniform ones."""
    z0, z1 = self._latent(z_start, "z_start"), self._latent(z_end, "z_end")
    steps = self._count(num_steps, "num_steps", 2)
    same = tf.debugging.assert_equal(tf.shape(z0)[0], tf.shape(z1)[0],
                                     message="`z_start` and `z_end` need the same batch size")
    rows = self._at_most_max_num(tf.shape(z0)[0], "the rows of `z_start`")
    total = self._at_most_max_num(tf.cast(rows, tf.int64) * tf.cast(steps, tf.int64),
                                  "the rows of `z_start` x `num_steps`")  # int32 would wrap
    with tf.control_dependencies([same, total]):  # everything below waits for the caps
      z0, z1, steps = tf.identity(z0), tf.identity(z1), tf.identity(steps)
      t = tf.linspace(0.0, 1.0, steps)[None, :, None]
    a, b = z0[:, None, :], z1[:, None, :]
    if self._prior == "normal":
      cos = tf.reduce_sum(a * b, -1, keepdims=True) / tf.maximum(
          tf.norm(a, axis=-1, keepdims=True) * tf.norm(b, axis=-1, keepdims=True), 1e-12)
      omega = tf.acos(tf.clip_by_value(cos, -1.0, 1.0))
      sin = tf.sin(omega)
      safe = tf.where(sin > 1e-6, sin, 1.0)
      z = tf.where(sin > 1e-6, (tf.sin((1 - t) * omega) * a + tf.sin(t * omega) * b) / safe,
                   (1 - t) * a + t * b)
    else:
      z = (1 - t) * a + t * b
    batch = tf.shape(z0)[0]
    if labels is not None:  # each path keeps its label
      labels = tf.repeat(self._labels(labels, batch), steps)
    out = self.images(tf.reshape(z, [-1, self._d]), labels)
    return {k: tf.reshape(v, tf.concat([[batch, steps], tf.shape(v)[1:]], 0))
            for k, v in out.items()}
