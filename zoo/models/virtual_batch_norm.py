"""Virtual batch normalization (Salimans et al. 2016, "Improved Techniques for Training
GANs", section 3.5, arXiv:1606.03498).

Batch norm makes G's output for one z depend on the other z of its batch. VBN normalizes
each example with the statistics of a reference batch, fixed at the start of training, and
of the example itself, so a sample depends on its own z alone, in training and at serving.
Each call runs the reference batch through the network beside the real one (the cost the
paper names), so the layer's input holds the reference rows first: `reference_size` rows,
normalized by their own statistics, then the batch, each row i normalized by

    mean_i = (x_i + N mean_ref) / (N + 1),  var_i = (x_i^2 + N mean_sq_ref) / (N + 1) - mean_i^2

(N = reference_size; x_i's moments over its spatial positions for convolutional inputs).
"""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="zoo")
class VirtualBatchNormalization(keras.layers.Layer):
  """[reference_size + batch, ..., C] -> the same shape; gamma, beta over the last axis."""

  def __init__(self, reference_size, epsilon=1e-5, **kwargs):
    super().__init__(**kwargs)
    if reference_size < 1:
      raise ValueError(f"reference_size must be >= 1, got {reference_size}.")
    self.reference_size, self.epsilon = int(reference_size), float(epsilon)

  def build(self, input_shape):
    channels = input_shape[-1]
    self.gamma = self.add_weight(shape=(channels,), initializer="ones", name="gamma",
                                 autocast=False)
    self.beta = self.add_weight(shape=(channels,), initializer="zeros", name="beta",
                                autocast=False)

  def _normalize(self, x, mean, mean_sq):
    variance = ops.maximum(mean_sq - ops.square(mean), 0.0)
    return (x - mean) * ops.rsqrt(variance + self.epsilon) * self.gamma + self.beta

  def call(self, inputs, training=None):
    n = self.reference_size
    x = ops.cast(inputs, "float32")  # moments in float32 under mixed precision, as batch norm
    reference, batch = x[:n], x[n:]
    all_axes = tuple(range(len(x.shape) - 1))
    ref_mean = ops.mean(reference, axis=all_axes, keepdims=True)
    ref_mean_sq = ops.mean(ops.square(reference), axis=all_axes, keepdims=True)
    spatial = all_axes[1:]
    own_mean = ops.mean(batch, axis=spatial, keepdims=True) if spatial else batch
    own_mean_sq = (ops.mean(ops.square(batch), axis=spatial, keepdims=True) if spatial
                   else ops.square(batch))
    new = 1.0 / (n + 1.0)
    mean = new * own_mean + (1.0 - new) * ref_mean
    mean_sq = new * own_mean_sq + (1.0 - new) * ref_mean_sq
    outputs = ops.concatenate([self._normalize(reference, ref_mean, ref_mean_sq),
                               self._normalize(batch, mean, mean_sq)], axis=0)
    return ops.cast(outputs, inputs.dtype)

  def compute_output_shape(self, input_shape):
    return input_shape

  def get_config(self):
    return {**super().get_config(), "reference_size": self.reference_size,
            "epsilon": self.epsilon}
