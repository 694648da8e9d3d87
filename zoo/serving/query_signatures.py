"""The `project` and `inpaint` signatures of image exports (zoo/serving/queries.py does
the search), with every input checked in the graph and the work of one request capped:
rows of `images` x `num_steps` x restarts <= `max_work`, `num_steps` <= `max_steps`."""
import tensorflow as tf

from zoo.serving.signatures import to_uint8


class QuerySignatures:
  """Endpoints over a LatentSearch; `base` (GeneratorSignatures) checks labels and counts."""

  def __init__(self, base, search, max_steps, max_work):
    self.base = base
    self.search = search
    self.max_steps = int(max_steps)
    self.max_work = int(max_work)
    self._shape = list(base.generator.image_shape)

  def options(self):
    return dict(self.search.options(), max_steps=self.max_steps, max_work=self.max_work)

  def endpoints(self):
    images = tf.TensorSpec([None, *self._shape], tf.float32, name="images")
    mask = tf.TensorSpec([None, *self._shape[:2], 1], tf.float32, name="mask")
    steps, seed = tf.TensorSpec([], tf.int32, "num_steps"), tf.TensorSpec([], tf.int64, "seed")
    if not self.base._classes:
      return {"project": (self._project, [images, steps, seed]),
              "inpaint": (self._inpaint, [images, mask, steps, seed])}
    labels = tf.TensorSpec([None], tf.int32, name="labels")
    return {"project": (lambda images, num_steps, seed, labels: self._project(
                images, num_steps, seed, labels), [images, steps, seed, labels]),
            "inpaint": (lambda images, mask, num_steps, seed, labels: self._inpaint(
                images, mask, num_steps, seed, labels), [images, mask, steps, seed, labels])}

  def _unit_interval(self, x, name, shape):
    x = tf.ensure_shape(x, shape, name=name)
    message = f"`{name}` must be finite and in [0, 1]"
    checks = [tf.debugging.assert_all_finite(x, message),
              tf.debugging.assert_greater_equal(tf.reduce_min(x), 0.0, message=message),
              tf.debugging.assert_less_equal(tf.reduce_max(x), 1.0, message=message)]
    with tf.control_dependencies(checks):
      return tf.identity(x)

  def _checked(self, images, num_steps, seed, labels):
    images = self._unit_interval(images, "images", [None, *self._shape])
    count = self.base._at_most_max_num(tf.shape(images)[0], "the rows of `images`")
    num_steps = tf.ensure_shape(num_steps, [], name="num_steps")
    checks = [
        tf.debugging.assert_positive(count, message="`images` needs at least one image"),
        tf.debugging.assert_positive(num_steps, message="`num_steps` must be >= 1"),
        tf.debugging.assert_less_equal(
            num_steps, self.max_steps, message=f"`num_steps` must be <= {self.max_steps} "
            "(the cap set at export, zoo.json queries.max_steps)"),
    ]
    with tf.control_dependencies(checks):  # the work product only once num_steps is sane
      work = tf.cast(count, tf.int64) * tf.cast(num_steps, tf.int64) * self.search.restarts
    capped = tf.debugging.assert_less_equal(
        work, tf.constant(self.max_work, tf.int64),
        message=f"rows of `images` x `num_steps` x {self.search.restarts} restarts must be <= "
        f"{self.max_work} (the work cap set at export, zoo.json queries.max_work); send "
        "fewer images per request or fewer steps")
    with tf.control_dependencies([capped]):
      images, num_steps = tf.identity(images), tf.identity(num_steps)
    if labels is not None:
      labels = self.base._labels(labels, count)
    return images, num_steps, tf.ensure_shape(seed, [], name="seed"), labels

  def _outputs(self, out):
    out = dict(out)
    out["images_uint8"] = to_uint8(out["images"])
    return out

  def _project(self, images, num_steps, seed, labels=None):
    images, num_steps, seed, labels = self._checked(images, num_steps, seed, labels)
    return self._outputs(self.search.project(images, num_steps, seed, labels))

  def _inpaint(self, images, mask, num_steps, seed, labels=None):
    images, num_steps, seed, labels = self._checked(images, num_steps, seed, labels)
    mask = tf.ensure_shape(mask, [None, *self._shape[:2], 1], name="mask")
    binary = tf.reduce_all(tf.logical_or(tf.equal(mask, 0.0), tf.equal(mask, 1.0)))
    checks = [tf.debugging.assert_equal(binary, True, message="`mask` must hold only 0 "
                                        "(to fill) and 1 (known)"),
              tf.debugging.assert_equal(tf.shape(mask)[0], tf.shape(images)[0],
                                        message="`mask` needs one mask per image")]
    with tf.control_dependencies(checks):
      mask = tf.identity(mask)
    return self._outputs(self.search.inpaint(images, mask, num_steps, seed, labels))
