"""Reusable Keras layers: maxout, minibatch discrimination, spectral normalization, fused
batch normalization."""
import keras
import tensorflow as tf
from keras import ops


@keras.saving.register_keras_serializable(package="zoo")
class Maxout(keras.layers.Layer):
  """Maxout units (Goodfellow et al. 2013): max over `pieces` affine maps per unit.

  Input [batch, d] -> output [batch, units]; h_i(x) = max_j (x W_ij + b_ij). The affine
  map's outputs are laid out piece-major (column j * units + i is piece j of unit i), so the
  max runs over contiguous rows of `units` values rather than over an innermost axis of
  size `pieces` (the speed-up is measured in docs/benchmarks.md).
  """

  def __init__(self, units, pieces, kernel_initializer="glorot_uniform", **kwargs):
    super().__init__(**kwargs)
    if units <= 0 or pieces <= 0:
      raise ValueError(f"Maxout needs units > 0 and pieces > 0, got {units} and {pieces}.")
    self.units = units
    self.pieces = pieces
    self.kernel_initializer = keras.initializers.get(kernel_initializer)

  def build(self, input_shape):
    self.dense = keras.layers.Dense(
        self.units * self.pieces, kernel_initializer=self.kernel_initializer, name="affine")
    self.dense.build(input_shape)

  def call(self, inputs):
    z = self.dense(inputs)
    return ops.max(ops.reshape(z, (-1, self.pieces, self.units)), axis=1)

  def compute_output_shape(self, input_shape):
    return (input_shape[0], self.units)

  def get_config(self):
    config = super().get_config()
    config.update(units=self.units, pieces=self.pieces,
                  kernel_initializer=keras.initializers.serialize(self.kernel_initializer))
    return config


@keras.saving.register_keras_serializable(package="zoo")
class MinibatchDiscrimination(keras.layers.Layer):
  """Minibatch discrimination (Salimans et al. 2016, "Improved Techniques for Training
  GANs", section 3.2): lets D compare each example with the rest of its batch, so that a
  collapsed G (a batch of near-identical samples) is easy to spot.

  f [n, A] -> [f, o] [n, A + B]: M_i = f_i T reshaped to [B, C] (T: A x B x C),
  c_b(x_i, x_j) = exp(-||M_i,b - M_j,b||_L1), o(x_i)_b = sum_{j != i} c_b(x_i, x_j) + bias_b.
  The paper's sum includes j = i (a constant 1); openai/improved-gan leaves it out, as here.
  As in improved-gan's `MinibatchLayer`, T is weight-normalized (each column of A entries has
  norm exp(log_scale[b, c])) and `initialize_from_data` scales each kernel on real features
  so that an example's nearest neighbour starts at L1 distance 2 on average, with the bias
  making o's mean 0: at random init D's small features put every pair at a distance near 0,
  so o is n - 1 for every example and tells D nothing. Under a tf.distribute strategy the
  batch is each replica's own.
  """

  def __init__(self, num_kernels, kernel_dim=5, **kwargs):
    super().__init__(**kwargs)
    if num_kernels <= 0 or kernel_dim <= 0:
      raise ValueError("MinibatchDiscrimination needs num_kernels > 0 and kernel_dim > 0, "
                       f"got {num_kernels} and {kernel_dim}.")
    self.num_kernels, self.kernel_dim = int(num_kernels), int(kernel_dim)

  def build(self, input_shape):
    self.kernel = self.add_weight(
        shape=(input_shape[-1], self.num_kernels * self.kernel_dim), name="kernel",
        initializer=keras.initializers.RandomNormal(stddev=0.05))
    self.log_scale = self.add_weight(shape=(self.num_kernels, self.kernel_dim),
                                     name="log_scale", initializer="zeros")
    self.bias = self.add_weight(shape=(self.num_kernels,), name="bias",
                                initializer=keras.initializers.Constant(-1.0))

  def tensor(self):
    """T [A, B * C]: the kernel with each column scaled to norm exp(log_scale)."""
    norms = ops.sqrt(ops.sum(ops.square(self.kernel), axis=0))
    return self.kernel * ops.reshape(ops.exp(self.log_scale), (-1,)) / norms

  def _distances(self, features):
    """||M_i,b - M_j,b||_L1 [n, n, B]."""
    m = ops.reshape(ops.matmul(features, self.tensor()), (-1, self.num_kernels, self.kernel_dim))
    return ops.sum(ops.abs(m[:, None] - m[None, :]), axis=-1)

  def _similarity(self, features):
    return ops.sum(ops.exp(-self._distances(features)), axis=1) - 1.0  # exp(0): j = i

  def call(self, features):
    return ops.concatenate([features, self._similarity(features) + self.bias], axis=-1)

  def initialize_from_data(self, features):
    """improved-gan's data-dependent init on a batch of real features [n, A]."""
    if not self.built:
      self.build(features.shape)
    n = ops.shape(features)[0]
    distances = self._distances(features) + 1e30 * ops.eye(n)[:, :, None]  # not j = i
    nearest = 0.5 * ops.mean(ops.min(distances, axis=1), axis=0)  # [B]
    self.log_scale.assign(self.log_scale - ops.log(nearest)[:, None])
    self.bias.assign(-ops.mean(self._similarity(features), axis=0))

  def compute_output_shape(self, input_shape):
    return (input_shape[0], input_shape[-1] + self.num_kernels)

  def get_config(self):
    return {**super().get_config(), "num_kernels": self.num_kernels,
            "kernel_dim": self.kernel_dim}


@keras.saving.register_keras_serializable(package="zoo")
class SpectralNormalization(keras.layers.Wrapper):
  """Wraps a Dense or Conv2D layer to use W / sigma(W), with sigma(W) its largest singular
  value estimated by power iteration (Miyato et al. 2018, "Spectral Normalization for GANs",
  arXiv:1802.05957, Algorithm 1). The gradient flows through sigma, as in the paper; the
  power-iteration vector u is updated only when training, one iteration per call by default.
  """

  def __init__(self, layer, power_iterations=1, **kwargs):
    if not isinstance(layer, (keras.layers.Dense, keras.layers.Conv2D)):
      raise ValueError(f"SpectralNormalization wraps Dense or Conv2D layers, got "
                       f"{type(layer).__name__}.")
    if power_iterations < 1:
      raise ValueError(f"power_iterations must be >= 1, got {power_iterations}.")
    super().__init__(layer, **kwargs)
    self.power_iterations = int(power_iterations)

  def build(self, input_shape):
    if not self.layer.built:  # a symbolic call, so the layer records its build shape
      self.layer(keras.KerasTensor(input_shape))
    units = self.layer.kernel.shape[-1]
    # Every replica computes the same u from the same (mirrored) kernel.
    self.u = self.add_weight(shape=(1, units), trainable=False, aggregation="mean", name="u",
                             initializer=keras.initializers.RandomNormal())
    self.built = True

  def normalized_kernel(self, training=False):
    kernel = self.layer.kernel
    w = ops.reshape(kernel, (-1, kernel.shape[-1]))
    u = self.u.value
    for _ in range(self.power_iterations):
      v = _l2_normalize(ops.matmul(u, ops.transpose(w)))
      u = _l2_normalize(ops.matmul(v, w))
    u, v = ops.stop_gradient(u), ops.stop_gradient(v)
    sigma = ops.sum(ops.matmul(v, w) * u)
    if training:
      self.u.assign(u)
    return kernel / sigma

  def call(self, x, training=False):
    kernel = self.normalized_kernel(training)
    layer = self.layer
    if isinstance(layer, keras.layers.Dense):
      y = ops.matmul(x, kernel)
    else:
      y = ops.conv(x, kernel, strides=layer.strides, padding=layer.padding,
                   data_format=layer.data_format, dilation_rate=layer.dilation_rate)
    if layer.use_bias:
      y = y + layer.bias
    return layer.activation(y)

  def compute_output_shape(self, input_shape):
    return self.layer.compute_output_shape(input_shape)

  def get_config(self):
    return {**super().get_config(), "power_iterations": self.power_iterations}


def _l2_normalize(x):
  return x / ops.sqrt(ops.sum(ops.square(x)) + 1e-12)


@keras.saving.register_keras_serializable(package="zoo")
class BatchNormalization(keras.layers.BatchNormalization):
  """Keras's batch normalization, synchronized across replicas by default (so that a step
  under tf.distribute equals the step on one device). On one replica, a training call runs
  TensorFlow's fused kernel (FusedBatchNormV3: moments and normalization in one op, one op
  for the gradient) instead of Keras's ten or so element-wise ops; outputs, gradients and
  moving statistics are the same."""

  def __init__(self, synchronized=True, **kwargs):
    super().__init__(synchronized=synchronized, **kwargs)

  def _fusable(self, inputs, training, mask):
    rank = len(inputs.shape)
    return (training and self.trainable and mask is None and not self.renorm
            and rank in (2, 4) and self.axis in (-1, rank - 1) and inputs.dtype == "float32"
            and self.epsilon > 1.001e-5
            and tf.distribute.get_strategy().num_replicas_in_sync == 1)

  def call(self, inputs, training=None, mask=None):
    if not self._fusable(inputs, training, mask):
      return super().call(inputs, training=training, mask=mask)
    channels = inputs.shape[-1]
    x = ops.reshape(inputs, (-1, 1, 1, channels)) if len(inputs.shape) == 2 else inputs
    gamma = self.gamma if self.scale else ops.ones((channels,))
    beta = self.beta if self.center else ops.zeros((channels,))
    y, mean, unbiased_variance = tf.compat.v1.nn.fused_batch_norm(
        x, gamma, beta, epsilon=self.epsilon, data_format="NHWC", is_training=True)
    count = ops.cast(ops.size(x) // channels, "float32")
    variance = unbiased_variance * (count - 1.0) / count  # the kernel reports n / (n - 1) x it
    self.moving_mean.assign(self.moving_mean * self.momentum + mean * (1.0 - self.momentum))
    self.moving_variance.assign(self.moving_variance * self.momentum
                                + variance * (1.0 - self.momentum))
    return ops.reshape(y, ops.shape(inputs)) if len(inputs.shape) == 2 else y
