"""Weight normalization (Salimans & Kingma 2016, arXiv:1602.07868) for dense layers, as
openai/improved-gan's `nn.DenseLayer` uses it."""
import keras
from keras import ops


@keras.saving.register_keras_serializable(package="zoo")
class WeightNormDense(keras.layers.Layer):
  """y = activation(x W + b), W = g * v / ||v|| per output unit (column).

  v starts N(0, 0.1^2) (improved-gan's `nn.DenseLayer`; `v_initializer` for another start,
  e.g. Glorot's for a Lasagne DenseLayer wrapped in `nn.l2normalize`), g at 1, b at 0;
  `train_scale` makes g trainable (improved-gan trains it only on output layers; elsewhere
  only the data-dependent init sets it). The start of v sets only the scale of v, not of W,
  but with it how far each Adam step turns W.
  """

  def __init__(self, units, activation=None, train_scale=False, v_initializer=None, **kwargs):
    super().__init__(**kwargs)
    self.units = int(units)
    self.activation = keras.activations.get(activation)
    self.train_scale = bool(train_scale)
    self.v_initializer = keras.initializers.get(
        v_initializer or keras.initializers.RandomNormal(stddev=0.1))

  def build(self, input_shape):
    self.v = self.add_weight(shape=(input_shape[-1], self.units), name="v",
                             initializer=self.v_initializer)
    self.g = self.add_weight(shape=(self.units,), name="g", initializer="ones",
                             trainable=self.train_scale)
    self.b = self.add_weight(shape=(self.units,), name="b", initializer="zeros")

  def kernel(self):
    return self.v * (self.g / ops.sqrt(ops.sum(ops.square(self.v), axis=0)))

  def call(self, x):
    return self.activation(ops.matmul(x, self.kernel()) + self.b)

  def initialize_from_data(self, x):
    """Sets g and b so that the pre-activations of `x` have mean 0 and std 1 per unit;
    returns this layer's output for `x` with them."""
    if not self.built:
      self.build(x.shape)
    self.g.assign(ops.ones_like(self.g))
    t = ops.matmul(x, self.kernel())
    mean = ops.mean(t, axis=0)
    std = ops.sqrt(ops.mean(ops.square(t - mean), axis=0) + 1e-8)
    self.g.assign(1.0 / std)
    self.b.assign(-mean / std)
    return self(x)

  def compute_output_shape(self, input_shape):
    return (*input_shape[:-1], self.units)

  def get_config(self):
    return {**super().get_config(), "units": self.units,
            "activation": keras.activations.serialize(self.activation),
            "train_scale": self.train_scale,
            "v_initializer": keras.initializers.serialize(self.v_initializer)}
