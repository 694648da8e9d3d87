"""GAN losses, one function each, on discriminator logits.

D(x) = sigmoid(logits). Every function returns a per-example loss of shape [batch]; the
caller averages over the *global* batch so the math is the same under any tf.distribute
strategy. Written with softplus so that saturated logits give exact, finite gradients.
"""
import tensorflow as tf


def minimax_discriminator_loss(real_logits, fake_logits):
  """-[log D(x) + log(1 - D(G(z)))]: D ascends V(D, G) of Goodfellow et al. 2014, eq. 1.

  log D(x) = -softplus(-l_real) and log(1 - D(G(z))) = -softplus(l_fake).
  """
  return tf.nn.softplus(-real_logits) + tf.nn.softplus(fake_logits)


def minimax_generator_loss(fake_logits):
  """log(1 - D(G(z))), minimized by G: the minimax game of Goodfellow et al. 2014, eq. 1.

  Saturates early in training when D rejects samples confidently (the paper's section 3).
  """
  return -tf.nn.softplus(fake_logits)


def non_saturating_generator_loss(fake_logits):
  """-log D(G(z)): the 'maximize log D(G(z))' variant of Goodfellow et al. 2014, section 3.

  Same fixed point as the minimax loss but strong gradients when D(G(z)) is near 0.
  """
  return tf.nn.softplus(-fake_logits)


GENERATOR_LOSSES = {
    "minimax": minimax_generator_loss,
    "non_saturating": non_saturating_generator_loss,
}
DISCRIMINATOR_LOSSES = {
    "minimax": minimax_discriminator_loss,
}
