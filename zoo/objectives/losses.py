"""GAN losses, one function each, on the discriminator's raw outputs.

For the minimax family D(x) = sigmoid(logits); the Wasserstein and hinge critics and the
least-squares discriminator use the raw output. Every function returns a per-example loss
of shape [batch]; the caller averages over the *global* batch so the math is the same under
any tf.distribute strategy. The sigmoid losses use softplus so that saturated logits give
exact, finite gradients.
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


def one_sided_smoothed_discriminator_loss(real_logits, fake_logits, smoothing=0.1):
  """-[(1 - a) log D(x) + a log(1 - D(x)) + log(1 - D(G(z)))]: the minimax loss with real
  targets 1 - a and fake targets 0 (one-sided label smoothing, Salimans et al. 2016,
  section 3.4: smoothing the fake targets too would make D reward samples where p_data is 0
  but p_model is not)."""
  return ((1.0 - smoothing) * tf.nn.softplus(-real_logits)
          + smoothing * tf.nn.softplus(real_logits) + tf.nn.softplus(fake_logits))


def feature_matching_loss(real_features, fake_features):
  """||E_x f(x) - E_z f(G(z))||_2^2 (Salimans et al. 2016, section 3.1; f: D's last hidden
  layer), with the means over the *global* batch. Returns (value, surrogate): the surrogate
  2 (mu_fake - mu_real) . sum_j f(G(z_j)) / N, its mean difference held constant, has the
  value's gradient with respect to this replica's fake features; summed over replicas (as
  the optimizers sum gradients) it is the exact gradient on the global batch."""
  context = tf.distribute.get_replica_context()
  sums = [tf.reduce_sum(real_features, 0), tf.reduce_sum(fake_features, 0)]
  counts = tf.cast(tf.stack([tf.shape(real_features)[0], tf.shape(fake_features)[0]]),
                   tf.float32)
  if context is not None:  # None only in cross-replica code: no strategy.run around us
    sums, counts = context.all_reduce(tf.distribute.ReduceOp.SUM, (sums, counts))
  difference = tf.stop_gradient(sums[1] / counts[1] - sums[0] / counts[0])
  value = tf.reduce_sum(tf.square(difference))
  surrogate = 2.0 * tf.reduce_sum(difference * tf.reduce_sum(fake_features, 0)) / counts[1]
  return value, surrogate


def wasserstein_critic_loss(real_scores, fake_scores):
  """D(G(z)) - D(x): the critic maximizes E[D(x)] - E[D(G(z))], an estimate of the
  Wasserstein-1 distance when D is 1-Lipschitz (Arjovsky et al. 2017, eq. 3)."""
  return fake_scores - real_scores


def wasserstein_generator_loss(fake_scores):
  """-D(G(z)) (Arjovsky et al. 2017)."""
  return -fake_scores


def hinge_discriminator_loss(real_scores, fake_scores):
  """max(0, 1 - D(x)) + max(0, 1 + D(G(z))) (Lim & Ye 2017; Miyato et al. 2018, eq. 16)."""
  return tf.nn.relu(1.0 - real_scores) + tf.nn.relu(1.0 + fake_scores)


def hinge_generator_loss(fake_scores):
  """-D(G(z)) (Miyato et al. 2018, eq. 17)."""
  return -fake_scores


def least_squares_discriminator_loss(real_scores, fake_scores):
  """1/2 (D(x) - 1)^2 + 1/2 D(G(z))^2: LSGAN with a = 0, b = 1 (Mao et al. 2017, eq. 9)."""
  return 0.5 * tf.square(real_scores - 1.0) + 0.5 * tf.square(fake_scores)


def least_squares_generator_loss(fake_scores):
  """1/2 (D(G(z)) - 1)^2: LSGAN with c = 1 (Mao et al. 2017, eq. 9)."""
  return 0.5 * tf.square(fake_scores - 1.0)


def gradient_penalty(critic, real, fake, eps):
  """(||grad_x D(x_hat)||_2 - 1)^2 per example at x_hat = e x + (1 - e) G(z), with e ~ U[0, 1]
  given per example as `eps` [batch] (Gulrajani et al. 2017, WGAN-GP, eq. 3).
  Differentiable in D's weights."""
  eps = tf.reshape(eps, tf.concat([tf.shape(real)[:1], tf.ones([tf.rank(real) - 1],
                                                               tf.int32)], 0))
  mixed = eps * real + (1.0 - eps) * fake
  with tf.GradientTape() as tape:
    tape.watch(mixed)
    scores = critic(mixed, training=True)
  grads = tf.reshape(tape.gradient(scores, mixed), [tf.shape(real)[0], -1])
  norms = tf.sqrt(tf.reduce_sum(tf.square(grads), axis=1) + 1e-12)
  return tf.square(norms - 1.0)


def mmd2(x, y, bandwidths):
  """Squared maximum mean discrepancy between samples x [n, ...] and y [m, ...]:
  MMD^2 = mean k(x, x') + mean k(y, y') - 2 mean k(x, y), the biased (V-statistic) estimate,
  with the mixture of Gaussian kernels k(a, b) = sum_s exp(-||a - b||^2 / (2 s^2))
  (Li, Swersky & Zemel 2015, Generative Moment Matching Networks, eq. 2 and section 3.2).
  A scalar: MMD compares whole sample sets, so it is not a per-example loss."""
  x = tf.reshape(x, [tf.shape(x)[0], -1])
  y = tf.reshape(y, [tf.shape(y)[0], -1])
  both = tf.concat([x, y], axis=0)
  sq = tf.reduce_sum(tf.square(both), axis=1)
  dist = tf.maximum(sq[:, None] + sq[None, :] - 2.0 * tf.matmul(both, both, transpose_b=True),
                    0.0)
  kernel = tf.add_n([tf.exp(-dist / (2.0 * float(s) ** 2)) for s in bandwidths])
  n = tf.shape(x)[0]
  k_xx, k_yy, k_xy = kernel[:n, :n], kernel[n:, n:], kernel[:n, n:]
  return tf.reduce_mean(k_xx) + tf.reduce_mean(k_yy) - 2.0 * tf.reduce_mean(k_xy)


def mmd_generator_loss(real, fake, bandwidths):
  """sqrt(MMD^2(real, fake)): the GMMN objective (Li et al. 2015 minimize the square root,
  whose gradient does not vanish as MMD^2 -> 0)."""
  return tf.sqrt(tf.maximum(mmd2(real, fake, bandwidths), 1e-12))


def negative_elbo(x, logits, mean, log_var):
  """-ELBO per example, for a Bernoulli decoder p(x|z) with `logits` and a Gaussian encoder
  q(z|x) = N(mean, exp(log_var)) against the prior N(0, I) (Kingma & Welling 2014, eq. 10):
  -log p(x|z) = sum_pixels BCE(x, logits), KL = -1/2 sum(1 + log_var - mean^2 - exp(log_var)).
  Returns (reconstruction [batch], kl [batch]); the loss is their sum."""
  batch = tf.shape(x)[0]
  bce = tf.nn.sigmoid_cross_entropy_with_logits(labels=x, logits=logits)
  reconstruction = tf.reduce_sum(tf.reshape(bce, [batch, -1]), axis=1)
  kl = -0.5 * tf.reduce_sum(1.0 + log_var - tf.square(mean) - tf.exp(log_var), axis=1)
  return reconstruction, kl


GENERATOR_LOSSES = {
    "minimax": minimax_generator_loss,
    "non_saturating": non_saturating_generator_loss,
    "wasserstein": wasserstein_generator_loss,
    "hinge": hinge_generator_loss,
    "least_squares": least_squares_generator_loss,
}
DISCRIMINATOR_LOSSES = {
    "minimax": minimax_discriminator_loss,
    "wasserstein": wasserstein_critic_loss,
    "hinge": hinge_discriminator_loss,
    "least_squares": least_squares_discriminator_loss,
}
# D's output read as a probability only for the sigmoid losses; the others report raw scores.
SIGMOID_LOSSES = ("minimax",)


def r1_penalty(critic, real):
  """||grad_x D(x)||^2 per real example; R1 = gamma / 2 times its mean (Mescheder et al.
  2018, "Which Training Methods for GANs do actually Converge?", arXiv:1801.04406; the
  regularizer of StyleGAN2). Differentiable: call it under D's tape."""
  real = tf.identity(real)  # a tensor of this graph (under tf.cond, not the captured one)
  with tf.GradientTape() as tape:
    tape.watch(real)
    total = tf.reduce_sum(critic(real, training=True))
  grads = tape.gradient(total, real)
  return tf.reduce_sum(tf.square(grads), axis=list(range(1, len(real.shape))))


def path_lengths(generator, ws, noise, y):
  """||J_w^T y|| per example for G's images in [-1, 1] at styles ws [B, num_ws, w_dim],
  y ~ N(0, I) of the images' shape scaled by 1 / sqrt(H W), averaged over the ws: the
  lengths StyleGAN2's path-length regularizer pulls towards their running mean (Karras et
  al. 2020, section 3.2)."""
  ws = tf.identity(ws)  # a tensor of this graph (under tf.cond, not the captured one)
  with tf.GradientTape() as tape:
    tape.watch(ws)
    images = generator.synthesize(ws, noise, training=True) * 2.0 - 1.0
    h, w = images.shape[1], images.shape[2]
    inner = tf.reduce_sum(images * y) / float(h * w) ** 0.5
  grads = tape.gradient(inner, ws)
  return tf.sqrt(tf.reduce_mean(tf.reduce_sum(tf.square(grads), axis=2), axis=1))

