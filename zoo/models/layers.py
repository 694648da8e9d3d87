"""Reusable Keras layers."""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="zoo")
class Maxout(keras.layers.Layer):
  """Maxout units (Goodfellow et al. 2013): max over `pieces` affine maps per unit.

  Input [batch, d] -> output [batch, units]; h_i(x) = max_j (x W_ij + b_ij).
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
    z = ops.reshape(z, (-1, self.units, self.pieces))
    return ops.max(z, axis=-1)

  def compute_output_shape(self, input_shape):
    return (input_shape[0], self.units)

  def get_config(self):
    config = super().get_config()
    config.update(units=self.units, pieces=self.pieces,
                  kernel_initializer=keras.initializers.serialize(self.kernel_initializer))
    return config
