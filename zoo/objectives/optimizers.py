"""Optimizers from config: SGD with momentum (Goodfellow et al. 2014) or Adam.

Both are Keras's optimizers with their per-variable update done by TensorFlow's fused
training kernels (ResourceApplyKerasMomentum, ResourceApplyAdam): the same formulas, one
op per variable instead of five to eight (measured in docs/benchmarks.md). Anything the
kernels do not cover falls back to Keras's update.
"""
import keras
import tensorflow as tf
from keras import ops


ADAM_EPSILON = 1e-7  # Keras's default; runs whose config predates `optimizer.*.epsilon` get it


def _handle(variable):
  return (variable.value if isinstance(variable, keras.Variable) else variable).handle


def _fusable(gradient, variable):
  return not isinstance(gradient, tf.IndexedSlices) and variable.dtype == "float32"


@keras.saving.register_keras_serializable(package="zoo")
class FusedSGD(keras.optimizers.SGD):
  """keras.optimizers.SGD: m <- momentum * m - lr * g; w <- w + m."""

  def update_step(self, gradient, variable, learning_rate):
    if not self.momentum or self.nesterov or not _fusable(gradient, variable):
      return super().update_step(gradient, variable, learning_rate)
    tf.raw_ops.ResourceApplyKerasMomentum(
        var=_handle(variable), accum=_handle(self.momentums[self._get_variable_index(variable)]),
        lr=tf.cast(learning_rate, variable.dtype), grad=tf.cast(gradient, variable.dtype),
        momentum=tf.cast(self.momentum, variable.dtype), use_locking=False, use_nesterov=False)


@keras.saving.register_keras_serializable(package="zoo")
class FusedAdam(keras.optimizers.Adam):
  """keras.optimizers.Adam (Kingma & Ba 2015): m and v are moving averages of g and g^2;
  w <- w - lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps)."""

  def update_step(self, gradient, variable, learning_rate):
    if self.amsgrad or not _fusable(gradient, variable):
      return super().update_step(gradient, variable, learning_rate)
    index = self._get_variable_index(variable)
    step = tf.cast(self.iterations + 1, variable.dtype)
    beta_1, beta_2 = (tf.cast(b, variable.dtype) for b in (self.beta_1, self.beta_2))
    tf.raw_ops.ResourceApplyAdam(
        var=_handle(variable), m=_handle(self._momentums[index]),
        v=_handle(self._velocities[index]), beta1_power=tf.pow(beta_1, step),
        beta2_power=tf.pow(beta_2, step), lr=tf.cast(learning_rate, variable.dtype),
        beta1=beta_1, beta2=beta_2, epsilon=tf.cast(self.epsilon, variable.dtype),
        grad=tf.cast(gradient, variable.dtype), use_locking=False, use_nesterov=False)


@keras.saving.register_keras_serializable(package="zoo")
class RootEpsilonAdam(keras.optimizers.Adam):
  """Adam as openai/improved-gan's `nn.adam_updates` writes it:
  w <- w - lr m_hat / sqrt(v_hat + eps), m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t).
  Keras divides by sqrt(v_hat) + eps / sqrt(1 - b2^t) instead: for gradients near sqrt(eps)
  that step is up to 30% shorter, and at step t its epsilon is 1 / sqrt(1 - b2^t) times
  larger (32x at t = 1, 3.2x at t = 100 for b2 = 0.999)."""

  def update_step(self, gradient, variable, learning_rate):
    index = self._get_variable_index(variable)
    m, v = self._momentums[index], self._velocities[index]
    dtype = variable.dtype
    g, lr = ops.cast(gradient, dtype), ops.cast(learning_rate, dtype)
    step = ops.cast(self.iterations + 1, dtype)
    beta_1, beta_2 = ops.cast(self.beta_1, dtype), ops.cast(self.beta_2, dtype)
    self.assign_add(m, (g - m) * (1 - beta_1))
    self.assign_add(v, (ops.square(g) - v) * (1 - beta_2))
    m_hat = m / (1 - ops.power(beta_1, step))
    v_hat = v / (1 - ops.power(beta_2, step))
    self.assign_sub(variable, lr * m_hat / ops.sqrt(v_hat + self.epsilon))


def build(opt_config, name):
  if opt_config.name == "sgd":
    return FusedSGD(opt_config.learning_rate, momentum=opt_config.momentum, name=name)
  if opt_config.name == "adam":
    adam = RootEpsilonAdam if opt_config.get("epsilon_in_root", False) else FusedAdam
    return adam(opt_config.learning_rate, beta_1=opt_config.beta_1,
                     beta_2=opt_config.beta_2, epsilon=opt_config.get("epsilon", ADAM_EPSILON),
                     name=name)
  raise ValueError(f"Unknown optimizer {opt_config.name!r}; use 'sgd' or 'adam'.")
