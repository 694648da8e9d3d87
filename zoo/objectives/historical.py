"""Historical averaging (Salimans et al. 2016, "Improved Techniques for Training GANs",
section 3.3, after fictitious play): each player's loss gains
lambda ||theta - (1/t) sum_{i=1..t} theta_i||^2, a pull towards the mean of every value its
weights have had, which damps the orbits gradient descent can circle in."""
import keras
import tensorflow as tf

from zoo.objectives import generative


@keras.saving.register_keras_serializable(package="zoo")
class HistoricalAverage(keras.layers.Layer):
  """The running mean of a list of variables over their updates, and the penalty."""

  def __init__(self, **kwargs):
    super().__init__(trainable=False, **kwargs)
    self.averages = []
    self.count = None

  def track(self, variables):
    """Starts the mean at the variables' current values (t = 1)."""
    self.count = self.add_weight(shape=(), initializer="ones", trainable=False,
                                 aggregation="mean", name="count")
    self.averages = generative.copies(self, variables, "mean")

  def update(self, variables):
    """Adds the variables' new values to the mean: avg += (theta - avg) / t."""
    self.count.assign_add(1.0)
    for average, v in zip(self.averages, variables):
      average.assign(average + (v - average) / self.count)

  def penalty(self, variables):
    """||theta - mean||^2 summed over the variables (the mean is a constant here)."""
    return tf.add_n([tf.reduce_sum(tf.square(tf.cast(v, tf.float32) - a))
                     for v, a in zip(variables, self.averages)])

  @property
  def state(self):
    return [self.count, *self.averages]
