"""Simultaneous updates: both players' gradients from one forward pass at the current
weights, then both optimizers step. This is how the Theano/Blocks code behind ALI, VEEGAN
and PacGAN's synthetic experiments trains (`ali_algorithm`: one graph, one update of D's
and G's parameters); Goodfellow et al.'s Algorithm 1, the zoo's default, alternates (D
first, then G against the updated D on fresh noise)."""
import tensorflow as tf


def simultaneous_step(gan, real, labels=None):
  """One update of D and of G from the same batch of G(z): (d_loss, g_loss, real_logits,
  fake_logits), the losses as this replica's share of the global mean."""
  z = gan._noise(real, salt=0)
  d_vars = gan.discriminator.trainable_variables
  g_vars = gan.generator.trainable_variables
  with tf.GradientTape(persistent=True) as tape:
    fake = gan._augment(gan._generate(z, labels), 100)
    d_loss, d_scaled, real_logits, fake_logits = gan._d_objective(
        gan._augment(real, 200), fake, labels, 0)
    g_loss = tf.nn.compute_average_loss(gan.g_loss_fn(fake_logits))
    g_scaled = gan._g_objective(g_loss, z, labels)
  # Both gradients before either update: each player moves against the other's weights
  # as they were when the batch was scored.
  d_grads = tape.gradient(d_scaled, d_vars)
  g_grads = tape.gradient(g_scaled, g_vars)
  del tape
  gan.d_optimizer.apply(d_grads, d_vars)
  gan._after_update("discriminator", d_vars)
  gan.g_optimizer.apply(g_grads, g_vars)
  gan._after_update("generator", g_vars)
  gan._after_generator_step()
  return d_loss, g_loss, real_logits, fake_logits
