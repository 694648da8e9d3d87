"""The fused optimizers make exactly Keras's updates, eagerly, in a graph and under XLA."""
import keras
import numpy as np
import pytest
import tensorflow as tf

from zoo.objectives import optimizers


def _run(optimizer, steps, mode):
  rng = np.random.default_rng(0)
  variables = [keras.Variable(rng.normal(size=(4, 3)).astype(np.float32)),
               keras.Variable(rng.normal(size=(3,)).astype(np.float32))]
  optimizer.build(variables)
  grads = [[tf.constant(rng.normal(size=v.shape).astype(np.float32)) for v in variables]
           for _ in range(steps)]
  apply = lambda g: optimizer.apply(g, variables)
  if mode != "eager":
    apply = tf.function(apply, jit_compile=mode == "xla")
  for g in grads:
    apply(g)
  return [np.asarray(v) for v in variables]


@pytest.mark.parametrize("mode", ["eager", "graph", "xla"])
@pytest.mark.parametrize("fused,reference", [
    (lambda: optimizers.FusedSGD(0.1, momentum=0.5), lambda: keras.optimizers.SGD(0.1, momentum=0.5)),
    (lambda: optimizers.FusedAdam(2e-2, beta_1=0.5, beta_2=0.9),
     lambda: keras.optimizers.Adam(2e-2, beta_1=0.5, beta_2=0.9)),
])
def test_fused_updates_equal_keras_updates(fused, reference, mode):
  got, want = _run(fused(), 5, mode), _run(reference(), 5, mode)
  for g, w in zip(got, want):
    np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-6)
  assert not np.allclose(got[0], _run(reference(), 0, mode)[0])  # the weights moved


def test_build_picks_the_configured_optimizer():
  from zoo import config
  sgd = optimizers.build(config.ml_collections.ConfigDict(config.optimizer_config("sgd", 0.1, 0.5)), "d")
  adam = optimizers.build(config.ml_collections.ConfigDict(config.optimizer_config("adam", 1e-3)), "g")
  assert isinstance(sgd, optimizers.FusedSGD) and sgd.momentum == 0.5
  assert isinstance(adam, optimizers.FusedAdam) and adam.beta_1 == 0.5
  assert adam.epsilon == 1e-7  # Keras's default unless the config says otherwise
  tuned = optimizers.build(config.ml_collections.ConfigDict(
      config.optimizer_config("adam", 1e-3, epsilon=1e-4)), "g")
  assert tuned.epsilon == 1e-4
  with pytest.raises(ValueError, match="Unknown optimizer 'rmsprop'"):
    optimizers.build(config.ml_collections.ConfigDict(config.optimizer_config("rmsprop")), "g")


@pytest.mark.parametrize("fused,kernel", [
    (lambda: optimizers.FusedSGD(0.1, momentum=0.5), "ResourceApplyKerasMomentum"),
    (lambda: optimizers.FusedAdam(1e-3), "ResourceApplyAdam")])
def test_the_update_is_one_fused_kernel_per_variable(fused, kernel):
  optimizer = fused()
  variables = [keras.Variable(np.zeros((2, 2), np.float32)), keras.Variable(np.zeros(2, np.float32))]
  optimizer.build(variables)
  graph = tf.function(lambda g: optimizer.apply(g, variables)).get_concrete_function(
      [tf.TensorSpec(v.shape) for v in variables]).graph
  assert [op.type for op in graph.get_operations()].count(kernel) == 2


def test_root_epsilon_adam_is_improved_gans_update():
  """nn.adam_updates: w <- w - lr m_hat / sqrt(v_hat + eps), m_hat and v_hat bias-corrected."""
  lr, b1, b2, eps, steps = 3e-3, 0.5, 0.999, 1e-8, 4
  rng = np.random.default_rng(0)
  w0 = [rng.normal(size=(4, 3)).astype(np.float32), rng.normal(size=(3,)).astype(np.float32)]
  grads = [[rng.normal(scale=1e-4, size=w.shape).astype(np.float32) for w in w0]
           for _ in range(steps)]
  for mode in ("eager", "graph"):
    optimizer = optimizers.RootEpsilonAdam(lr, beta_1=b1, beta_2=b2, epsilon=eps)
    variables = [keras.Variable(w) for w in w0]
    optimizer.build(variables)
    apply = lambda g: optimizer.apply(g, variables)
    if mode == "graph":
      apply = tf.function(apply)
    for g in grads:
      apply([tf.constant(x) for x in g])
    for i, w in enumerate(w0):
      w, m, v = w.astype(np.float64), 0.0, 0.0
      for t, g in enumerate(grads, 1):
        m, v = b1 * m + (1 - b1) * g[i], b2 * v + (1 - b2) * g[i] ** 2
        w = w - lr * (m / (1 - b1 ** t)) / np.sqrt(v / (1 - b2 ** t) + eps)
      np.testing.assert_allclose(np.asarray(variables[i]), w, rtol=1e-6, atol=1e-7)
  reference = [keras.Variable(w) for w in w0]
  adam = keras.optimizers.Adam(lr, beta_1=b1, beta_2=b2, epsilon=eps)
  adam.build(reference)
  for g in grads:
    adam.apply([tf.constant(x) for x in g], reference)
  # Keras's form of the same update moves these small-gradient weights by less
  moved = [np.abs(np.asarray(v) - w).mean() for v, w in zip((reference[0], variables[0]), w0)]
  assert moved[0] < 0.9 * moved[1], moved


def test_build_picks_root_epsilon_adam_when_asked():
  from zoo import config
  adam = optimizers.build(config.ml_collections.ConfigDict(
      config.optimizer_config("adam", 1e-3, epsilon=1e-8, epsilon_in_root=True)), "d")
  assert type(adam) is optimizers.RootEpsilonAdam and adam.epsilon == 1e-8
  plain = optimizers.build(config.ml_collections.ConfigDict(config.optimizer_config("adam")), "d")
  assert type(plain) is optimizers.FusedAdam
