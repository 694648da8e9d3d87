"""Unrolled GAN (Metz et al. 2017, "Unrolled Generative Adversarial Networks",
arXiv:1611.02163, eq. 6-7): G's loss is taken against a copy of D advanced k steps by D's
own optimizer on the current batch, with the gradient through those k steps, so G is
penalized for moves D could answer at once (the cause of mode hopping). D's own weights and
optimizer state are untouched. Two choices said plainly: Adam's normalizer sqrt(v) is held
constant in the backward pass (its derivative is infinite where v = 0), and under a
tf.distribute strategy each replica unrolls on its own share of the batch."""
import tensorflow as tf


def _slots(optimizer, variables):
  """The optimizer's current state per variable, as tensors: Adam (m, v), SGD (momentum)."""
  index = optimizer._get_variable_index
  if hasattr(optimizer, "_velocities"):
    return [(optimizer._momentums[index(v)].value, optimizer._velocities[index(v)].value)
            for v in variables]
  momentums = getattr(optimizer, "momentums", None) or []
  return [(momentums[index(v)].value if momentums else tf.zeros_like(v.value),)
          for v in variables]


def _step(optimizer, params, grads, slots, t):
  """One differentiable update of `params` by `optimizer`'s rule at step `t` (1-based)."""
  lr = tf.cast(optimizer.learning_rate, tf.float32)
  if hasattr(optimizer, "_velocities"):  # Adam
    b1, b2 = float(optimizer.beta_1), float(optimizer.beta_2)
    alpha = lr * tf.sqrt(1.0 - b2 ** t) / (1.0 - b1 ** t)
    out, new_slots = [], []
    for p, g, (m, v) in zip(params, grads, slots):
      m = b1 * m + (1.0 - b1) * g
      v = b2 * v + (1.0 - b2) * tf.square(g)
      out.append(p - alpha * m / (tf.stop_gradient(tf.sqrt(v)) + optimizer.epsilon))
      new_slots.append((m, v))
    return out, new_slots
  momentum = float(getattr(optimizer, "momentum", 0.0) or 0.0)
  out, new_slots = [], []
  for p, g, (m,) in zip(params, grads, slots):
    m = momentum * m - lr * g
    out.append(p + m)
    new_slots.append((m,))
  return out, new_slots


def unrolled_scores(discriminator, optimizer, d_loss, score_input, real, fake, steps,
                    labels=None):
  """D's logits on `fake` after `steps` differentiable updates of a copy of D on
  d_loss(D(real), D(fake)); `score_input` prepares D's input (PacGAN's packing)."""
  params = [v.value for v in discriminator.trainable_variables]
  state = [v.value for v in discriminator.non_trainable_variables]
  slots = _slots(optimizer, discriminator.trainable_variables)
  start = tf.cast(optimizer.iterations, tf.float32)

  def score(weights, x):
    logits, _ = discriminator.stateless_call(weights, state, score_input(x), labels=labels,
                                             training=True)
    return tf.cast(logits, tf.float32)

  for k in range(steps):
    with tf.GradientTape() as tape:
      tape.watch(params)
      loss = tf.reduce_mean(d_loss(score(params, real), score(params, fake)))
    grads = tape.gradient(loss, params)
    params, slots = _step(optimizer, params, grads, slots, start + k + 1.0)
  return score(params, fake)
