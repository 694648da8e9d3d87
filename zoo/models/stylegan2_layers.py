"""StyleGAN2's layers (Karras et al. 2020, arXiv:1912.04958), NHWC.

Equalized learning rate: every weight is stored N(0, 1 / lr_mul) and scaled at run time by
lr_mul / sqrt(fan_in), so that Adam's step moves every layer at the same relative speed
(lr_mul of it: 0.01 in the mapping network). FIR resampling ([1, 3, 3, 1], as upfirdn2d):
zero insertion or strided sampling around a separable binomial filter, which antialiases.
Modulated convolution scales the input channels by a per-sample style, convolves with the
shared weight and divides each output channel by the norm of the effective weight
(demodulation): the same result as the per-sample weights of the paper's Figure 2, with
one ordinary convolution (tests/test_stylegan2.py checks it against the explicit form).
"""
import keras
import numpy as np
import tensorflow as tf
from keras import ops

SQRT2 = float(np.sqrt(2.0))


def fir_kernel(taps=(1, 3, 3, 1)):
  """The separable 2-D filter of `taps`, normalized to sum 1."""
  k = np.outer(taps, taps).astype(np.float32)
  return k / k.sum()


def upfirdn(x, kernel, up=1, down=1, pad=(0, 0)):
  """Upsample by zero insertion, pad, filter each channel with `kernel`, keep every
  `down`-th pixel (NVIDIA's upfirdn2d, NHWC)."""
  channels = x.shape[-1]
  if up > 1:  # rows, then columns: 5-D pads at most (TFLite has no 6-D pad)
    shape = tf.shape(x)
    x = tf.reshape(x, [shape[0], shape[1], 1, shape[2], channels])
    x = tf.pad(x, [[0, 0], [0, 0], [0, up - 1], [0, 0], [0, 0]])
    x = tf.reshape(x, [shape[0], shape[1] * up, shape[2], 1, channels])
    x = tf.pad(x, [[0, 0], [0, 0], [0, 0], [0, up - 1], [0, 0]])
    x = tf.reshape(x, [shape[0], shape[1] * up, shape[2] * up, channels])
  x = tf.pad(x, [[0, 0], list(pad), list(pad), [0, 0]])
  k = tf.constant(kernel[::-1, ::-1, None, None], x.dtype)  # convolution, not correlation
  return tf.nn.depthwise_conv2d(x, tf.tile(k, [1, 1, channels, 1]), [1, down, down, 1],
                                "VALID")


def upsample2d(x, kernel):
  """2x: output [B, 2H, 2W, C]; the filter's gain 4 keeps the mean."""
  p = kernel.shape[0] - 2
  return upfirdn(x, kernel * 4.0, up=2, pad=((p + 1) // 2 + 1, p // 2))


def downsample2d(x, kernel):
  """1/2: output [B, H/2, W/2, C]."""
  p = kernel.shape[0] - 2
  return upfirdn(x, kernel, down=2, pad=((p + 1) // 2, p // 2))


def lrelu(x):
  """Leaky ReLU 0.2 with StyleGAN's gain sqrt(2), which keeps activations' scale."""
  return ops.leaky_relu(x, 0.2) * SQRT2


class EqualizedDense(keras.layers.Layer):
  """x W * lr_mul / sqrt(fan_in) + b * lr_mul, W ~ N(0, 1 / lr_mul)."""

  def __init__(self, units, lr_mul=1.0, bias_init=0.0, activation=None, **kwargs):
    super().__init__(**kwargs)
    self.units, self.lr_mul, self.bias_init = int(units), float(lr_mul), float(bias_init)
    self.activation = activation

  def build(self, input_shape):
    fan_in = int(input_shape[-1])
    self.scale = float(self.lr_mul / np.sqrt(fan_in))
    self.kernel = self.add_weight(shape=(fan_in, self.units), name="kernel",
                                  initializer=keras.initializers.RandomNormal(
                                      stddev=1.0 / self.lr_mul))
    self.bias = self.add_weight(shape=(self.units,), name="bias",
                                initializer=keras.initializers.Constant(
                                    self.bias_init / self.lr_mul))

  def call(self, x):
    y = ops.matmul(x, self.kernel * self.scale) + self.bias * self.lr_mul
    return lrelu(y) if self.activation == "lrelu" else y

  def get_config(self):
    return {**super().get_config(), "units": self.units, "lr_mul": self.lr_mul,
            "bias_init": self.bias_init, "activation": self.activation}


class EqualizedConv2D(keras.layers.Layer):
  """A k x k convolution with equalized learning rate, 'same' size, or half the size with
  `down` (FIR filter, then stride 2, as StyleGAN2's D)."""

  def __init__(self, filters, kernel_size, down=False, use_bias=True, activation=None,
               **kwargs):
    super().__init__(**kwargs)
    self.filters, self.kernel_size = int(filters), int(kernel_size)
    self.down, self.use_bias, self.activation = bool(down), bool(use_bias), activation
    self.fir = fir_kernel()

  def build(self, input_shape):
    fan_in = int(input_shape[-1]) * self.kernel_size ** 2
    self.scale = float(1.0 / np.sqrt(fan_in))
    self.kernel = self.add_weight(
        shape=(self.kernel_size, self.kernel_size, int(input_shape[-1]), self.filters),
        name="kernel", initializer=keras.initializers.RandomNormal(stddev=1.0))
    self.bias = (self.add_weight(shape=(self.filters,), name="bias", initializer="zeros")
                 if self.use_bias else None)

  def call(self, x):
    w = self.kernel * self.scale
    if self.down:
      p = (self.fir.shape[0] - 2) + (self.kernel_size - 1)
      x = upfirdn(x, self.fir, pad=((p + 1) // 2, p // 2))
      y = tf.nn.conv2d(x, w, 2, "VALID")
    else:
      y = tf.nn.conv2d(x, w, 1, "SAME")
    if self.bias is not None:
      y = y + self.bias
    return lrelu(y) if self.activation == "lrelu" else y

  def get_config(self):
    return {**super().get_config(), "filters": self.filters,
            "kernel_size": self.kernel_size, "down": self.down, "use_bias": self.use_bias,
            "activation": self.activation}


class ModulatedConv2D(keras.layers.Layer):
  """conv(x * s, W) / sqrt(sum (W s)^2) per sample and output channel; s = affine(w) + 1.
  `up` doubles the size first (FIR); `demodulate=False` for toRGB."""

  def __init__(self, filters, kernel_size, w_dim, demodulate=True, up=False, **kwargs):
    super().__init__(**kwargs)
    self.filters, self.kernel_size, self.w_dim = int(filters), int(kernel_size), int(w_dim)
    self.demodulate, self.up = bool(demodulate), bool(up)
    self.fir = fir_kernel()

  def build(self, input_shape):
    channels = int(input_shape[-1])
    self.affine = EqualizedDense(channels, bias_init=1.0, dtype=self.dtype_policy,
                                 name="affine")  # styles start at 1
    self.affine.build((None, self.w_dim))
    self.scale = float(1.0 / np.sqrt(channels * self.kernel_size ** 2))
    self.kernel = self.add_weight(
        shape=(self.kernel_size, self.kernel_size, channels, self.filters), name="kernel",
        initializer=keras.initializers.RandomNormal(stddev=1.0))

  def call(self, x, w):
    styles = self.affine(w)  # [B, C_in]
    weight = self.kernel * self.scale
    x = x * styles[:, None, None, :]
    if self.up:
      x = upsample2d(x, self.fir)
    y = tf.nn.conv2d(x, weight, 1, "SAME")
    if self.demodulate:
      # sum over (k, k, C_in) of (W s)^2 = sum_i s_i^2 sum_kk W_kki^2, per output channel;
      # in float32 whatever the compute dtype (float16 would overflow the squares)
      f32 = lambda t: ops.cast(t, "float32")
      norms = ops.matmul(ops.square(f32(styles)), ops.sum(ops.square(f32(weight)), axis=(0, 1)))
      y = y * ops.cast(ops.rsqrt(norms + 1e-8), y.dtype)[:, None, None, :]
    return y

  def get_config(self):
    return {**super().get_config(), "filters": self.filters,
            "kernel_size": self.kernel_size, "w_dim": self.w_dim,
            "demodulate": self.demodulate, "up": self.up}


class NoiseInjection(keras.layers.Layer):
  """x + strength * noise, strength learned (starts at 0). Without a noise tensor it adds
  a fixed one (drawn once, kept in the weights), so exports are deterministic."""

  def build(self, input_shape):
    self.strength = self.add_weight(shape=(), name="strength", initializer="zeros")
    self.fixed = self.add_weight(shape=(1, int(input_shape[1]), int(input_shape[2]), 1),
                                 name="fixed_noise", trainable=False,
                                 initializer=keras.initializers.RandomNormal(seed=7))

  def call(self, x, noise=None):
    return x + self.strength * (self.fixed if noise is None else ops.cast(noise, x.dtype))


class MinibatchStdDev(keras.layers.Layer):
  """Appends, per group of `group_size` consecutive samples, the mean over features of
  their standard deviation: one more channel that lets D see the batch's variety (Karras et
  al. 2018). Consecutive groups (NVIDIA's are strided) stay within one replica's share of
  the batch, so a step under tf.distribute equals the step on one device."""

  def __init__(self, group_size=4, **kwargs):
    super().__init__(**kwargs)
    self.group_size = int(group_size)

  def call(self, x):
    shape = tf.shape(x)
    sizes = tf.range(1, self.group_size + 1)  # the largest group size dividing the batch
    group = tf.reduce_max(tf.where(shape[0] % sizes == 0, sizes, 1))
    y = tf.reshape(x, [-1, group, shape[1], shape[2], shape[3]])  # [B/G, G, H, W, C]
    y = tf.sqrt(tf.reduce_mean(tf.square(y - tf.reduce_mean(y, 1, keepdims=True)), 1) + 1e-8)
    y = tf.reduce_mean(y, axis=[1, 2, 3])  # [B/G]
    y = tf.tile(y[:, None, None, None, None], [1, group, shape[1], shape[2], 1])
    return tf.concat([x, tf.reshape(y, [shape[0], shape[1], shape[2], 1])], axis=-1)

  def get_config(self):
    return {**super().get_config(), "group_size": self.group_size}
