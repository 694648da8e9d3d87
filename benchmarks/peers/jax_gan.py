"""JAX + optax peer of `python -m zoo.benchmark`: the zoo's mnist_mlp, mnist_dcgan and
fashion_mnist_wgan_gp, mirroring their configs (configs/*.py, zoo/models/mlp.py,
zoo/models/dcgan.py, zoo/gan.py): same architectures, initialization, batch, optimizers,
losses and D/G step schedule, on synthetic images. Layers are written with jax.numpy and
jax.lax; images are NHWC as in the zoo.

  .venv/bin/python jax_gan.py --model=mnist_dcgan [--batch_size=64] [--steps=300]
                              [--warmup=20] [--windows=5] [--json] [--check]

One step = d_steps discriminator (critic) updates, each on its own real batch and fresh z,
then one generator update with fresh z, all in one jax.jit with the parameters, optimizer
states, batch-norm statistics and RNG key donated. Logs go to stderr; --json prints one
JSON object on stdout.
"""
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np
import optax

import common

# --- layers: params are dicts of arrays, "state" holds batch-norm running statistics -------


def dense(p, x):
  y = x @ p["w"]
  return y + p["b"] if "b" in p else y


def dense_params(key, n_in, n_out, init, bias=True):
  p = {"w": init(key, (n_in, n_out))}
  if bias:
    p["b"] = jnp.zeros((n_out,))
  return p


def uniform(scale):
  return lambda key, shape: jax.random.uniform(key, shape, minval=-scale, maxval=scale)


def normal(stddev):
  return lambda key, shape: stddev * jax.random.normal(key, shape)


_DIMS = ("NHWC", "HWIO", "NHWC")


def conv(p, x):
  """5x5, stride 2, 'same' (as Keras Conv2D)."""
  y = jax.lax.conv_general_dilated(x, p["w"], (2, 2), "SAME", dimension_numbers=_DIMS)
  return y + p["b"] if "b" in p else y


def conv_transpose(p, x):
  """5x5, stride 2, 'same' (as Keras Conv2DTranspose): doubles H and W."""
  y = jax.lax.conv_transpose(x, p["w"], (2, 2), "SAME", dimension_numbers=_DIMS)
  return y + p["b"] if "b" in p else y


def conv_params(key, c_in, c_out, bias=True):
  p = {"w": normal(0.02)(key, (5, 5, c_in, c_out))}
  if bias:
    p["b"] = jnp.zeros((c_out,))
  return p


def norm_params(channels):
  return {"gamma": jnp.ones((channels,)), "beta": jnp.zeros((channels,))}


def batch_norm(p, state, x, momentum=0.99, eps=1e-3):
  """Training mode (Keras BatchNormalization defaults): normalizes with the batch's
  statistics and returns the updated running ones."""
  mean = x.mean(axis=(0, 1, 2))
  var = x.var(axis=(0, 1, 2))
  y = (x - mean) * jax.lax.rsqrt(var + eps) * p["gamma"] + p["beta"]
  new_state = {"mean": momentum * state["mean"] + (1 - momentum) * mean,
               "var": momentum * state["var"] + (1 - momentum) * var}
  return y, new_state


def bn_state(channels):
  return {"mean": jnp.zeros((channels,)), "var": jnp.ones((channels,))}


def layer_norm(p, x, eps=1e-3):
  """Keras LayerNormalization(): over the last (channel) axis at each position."""
  mean = x.mean(axis=-1, keepdims=True)
  var = x.var(axis=-1, keepdims=True)
  return (x - mean) * jax.lax.rsqrt(var + eps) * p["gamma"] + p["beta"]


def dropout(key, x, rate):
  keep = jax.random.bernoulli(key, 1.0 - rate, x.shape)
  return jnp.where(keep, x / (1.0 - rate), 0.0)


def maxout(p, x, units, pieces):
  # Piece-major columns (column j * units + i is piece j of unit i), as the zoo's Maxout.
  return dense(p, x).reshape(x.shape[0], pieces, units).max(axis=1)


# --- models: init(key) -> (params, state); g(params, state, z) -> (images, state);
#     d(params, state, x, key) -> (logits [batch], state) ------------------------------------

def mlp_g_init(key):
  k = jax.random.split(key, 3)
  init = uniform(0.05)
  return {"h0": dense_params(k[0], common.LATENT_DIM, 1200, init),
          "h1": dense_params(k[1], 1200, 1200, init),
          "out": dense_params(k[2], 1200, 28 * 28, init)}, {}


def mlp_g(p, state, z):
  h = jax.nn.relu(dense(p["h0"], z))
  h = jax.nn.relu(dense(p["h1"], h))
  return jax.nn.sigmoid(dense(p["out"], h)).reshape(-1, *common.IMAGE_SHAPE), state


def mlp_d_init(key):
  k = jax.random.split(key, 3)
  init = uniform(0.005)
  return {"maxout0": dense_params(k[0], 28 * 28, 240 * 5, init),
          "maxout1": dense_params(k[1], 240, 240 * 5, init),
          "logit": dense_params(k[2], 240, 1, init)}, {}


def mlp_d(p, state, x, key):
  k = jax.random.split(key, 3)
  h = dropout(k[0], x.reshape(x.shape[0], -1), 0.2)
  h = dropout(k[1], maxout(p["maxout0"], h, 240, 5), 0.5)
  h = dropout(k[2], maxout(p["maxout1"], h, 240, 5), 0.5)
  return dense(p["logit"], h)[:, 0], state


def dcgan_g_init(key):
  k = jax.random.split(key, 3)
  params = {"project": dense_params(k[0], common.LATENT_DIM, 7 * 7 * 128, normal(0.02),
                                    bias=False),
            "bn0": norm_params(128),
            "up": conv_params(k[1], 128, 64, bias=False),
            "bn1": norm_params(64),
            "pixels": conv_params(k[2], 64, 1)}
  return params, {"bn0": bn_state(128), "bn1": bn_state(64)}


def dcgan_g(p, state, z):
  h = dense(p["project"], z).reshape(-1, 7, 7, 128)
  h, bn0 = batch_norm(p["bn0"], state["bn0"], h)
  h, bn1 = batch_norm(p["bn1"], state["bn1"], conv_transpose(p["up"], jax.nn.relu(h)))
  x = jnp.tanh(conv_transpose(p["pixels"], jax.nn.relu(h))) * 0.5 + 0.5
  return x, {"bn0": bn0, "bn1": bn1}


def dcgan_d_init(key, norm="batch", logit_bias=True):
  """norm="batch" for DCGAN; norm="layer" (and no logit bias) for the WGAN-GP critic. As
  in the zoo, the second conv has a bias only when batch norm does not follow it."""
  k = jax.random.split(key, 3)
  params = {"conv0": conv_params(k[0], 1, 64),
            "conv1": conv_params(k[1], 64, 128, bias=norm != "batch"),
            "norm1": norm_params(128),
            "logit": dense_params(k[2], 7 * 7 * 128, 1, normal(0.02), bias=logit_bias)}
  return params, ({"norm1": bn_state(128)} if norm == "batch" else {})


def dcgan_d(p, state, x, key):
  h = jax.nn.leaky_relu(conv(p["conv0"], x * 2.0 - 1.0), 0.2)
  h = conv(p["conv1"], h)
  if state:  # batch norm
    h, norm1 = batch_norm(p["norm1"], state["norm1"], h)
    state = {"norm1": norm1}
  else:
    h = layer_norm(p["norm1"], h)
  h = jax.nn.leaky_relu(h, 0.2)
  return dense(p["logit"], h.reshape(h.shape[0], -1))[:, 0], state


class Model(NamedTuple):
  g_init: Any
  g: Any
  d_init: Any
  d: Any
  g_tx: optax.GradientTransformation
  d_tx: optax.GradientTransformation


def make_model(name):
  if name == "mnist_mlp":
    sgd = lambda: optax.sgd(0.1, momentum=0.5)
    return Model(mlp_g_init, mlp_g, mlp_d_init, mlp_d, sgd(), sgd())
  if name == "mnist_dcgan":
    adam = lambda: optax.adam(2e-4, b1=0.5, b2=0.999, eps=1e-7)
    return Model(dcgan_g_init, dcgan_g, dcgan_d_init, dcgan_d, adam(), adam())
  adam = lambda: optax.adam(1e-4, b1=0.5, b2=0.9, eps=1e-7)  # fashion_mnist_wgan_gp
  critic_init = lambda key: dcgan_d_init(key, norm="layer", logit_bias=False)
  return Model(dcgan_g_init, dcgan_g, critic_init, dcgan_d, adam(), adam())


# --- training step -------------------------------------------------------------------------

class TrainState(NamedTuple):
  g_params: Any
  g_state: Any
  d_params: Any
  d_state: Any
  g_opt: Any
  d_opt: Any
  key: jax.Array


def init_train_state(model, seed):
  key, g_key, d_key = jax.random.split(jax.random.key(seed), 3)
  g_params, g_state = model.g_init(g_key)
  d_params, d_state = model.d_init(d_key)
  return TrainState(g_params, g_state, d_params, d_state, model.g_tx.init(g_params),
                    model.d_tx.init(d_params), key)


def make_train_step(model, wasserstein):
  """(TrainState, reals [d_steps, batch, 28, 28, 1]) -> (TrainState, losses): d_steps D
  updates, then one G update; jitted whole, the state donated."""

  def d_loss_fn(d_params, d_state, real, fake, key):
    k_real, k_fake, k_hat, k_e = jax.random.split(key, 4)
    real_out, d_state = model.d(d_params, d_state, real, k_real)
    fake_out, d_state = model.d(d_params, d_state, fake, k_fake)
    if not wasserstein:  # non-saturating pair, on logits
      return jnp.mean(jax.nn.softplus(-real_out) + jax.nn.softplus(fake_out)), d_state
    # WGAN-GP: (||grad_xhat D(xhat)||_2 - 1)^2 at xhat = e x + (1 - e) G(z), e ~ U[0, 1].
    e = jax.random.uniform(k_e, (real.shape[0], 1, 1, 1))
    xhat = e * real + (1.0 - e) * fake
    critic_sum = lambda x: model.d(d_params, d_state, x, k_hat)[0].sum()
    grads = jax.grad(critic_sum)(xhat)
    norms = jnp.sqrt(jnp.sum(grads ** 2, axis=(1, 2, 3)) + 1e-12)  # as the zoo's
    penalty = jnp.mean((norms - 1.0) ** 2)
    return jnp.mean(fake_out - real_out) + 10.0 * penalty, d_state

  def g_loss_fn(g_params, g_state, d_params, d_state, z, key):
    fake, g_state = model.g(g_params, g_state, z)
    out, d_state = model.d(d_params, d_state, fake, key)
    loss = jnp.mean(-out) if wasserstein else jnp.mean(jax.nn.softplus(-out))
    return loss, (g_state, d_state)

  def train_step(ts, reals):
    g_params, g_state, d_params, d_state, g_opt, d_opt, key = ts
    batch = reals.shape[1]
    for real in reals:  # d_steps critic updates (unrolled)
      key, k_z, k_d = jax.random.split(key, 3)
      z = jax.random.normal(k_z, (batch, common.LATENT_DIM))
      fake, g_state = model.g(g_params, g_state, z)  # training mode, no gradient
      (d_loss, d_state), grads = jax.value_and_grad(d_loss_fn, has_aux=True)(
          d_params, d_state, real, fake, k_d)
      updates, d_opt = model.d_tx.update(grads, d_opt, d_params)
      d_params = optax.apply_updates(d_params, updates)
    key, k_z, k_d = jax.random.split(key, 3)
    z = jax.random.normal(k_z, (batch, common.LATENT_DIM))
    (g_loss, (g_state, d_state)), grads = jax.value_and_grad(g_loss_fn, has_aux=True)(
        g_params, g_state, d_params, d_state, z, k_d)
    updates, g_opt = model.g_tx.update(grads, g_opt, g_params)
    g_params = optax.apply_updates(g_params, updates)
    ts = TrainState(g_params, g_state, d_params, d_state, g_opt, d_opt, key)
    return ts, {"d_loss": d_loss, "g_loss": g_loss}

  return jax.jit(train_step, donate_argnums=0)


def main():
  args = common.parse_args("JAX")
  model = make_model(args.model)
  ts = init_train_state(model, args.seed)
  count = lambda tree: sum(x.size for x in jax.tree.leaves(tree))
  params_ok = common.check_params(args.model, {"G": count(ts.g_params),
                                               "D": count(ts.d_params)})
  if args.check:
    raise SystemExit(0 if params_ok else 1)

  train_step = make_train_step(model, wasserstein=args.model == "fashion_mnist_wgan_gp")
  images = common.synthetic_images(args.seed)
  rng = np.random.default_rng(args.seed)
  b, k = args.batch_size, args.d_steps

  def step():
    nonlocal ts
    reals = images[rng.integers(len(images), size=k * b)].reshape(k, b, *common.IMAGE_SHAPE)
    ts, losses = train_step(ts, reals)
    return ts, losses

  # jax.block_until_ready on the new state and losses: the device has finished the step.
  rates, (_, losses) = common.time_training(step, jax.block_until_ready, args.warmup,
                                            args.steps, args.windows)
  common.check_finite({name: float(v) for name, v in losses.items()})
  common.report("jax", jax.__version__, args, rates)


if __name__ == "__main__":
  main()
