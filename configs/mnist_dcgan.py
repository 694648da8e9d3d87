"""mnist_dcgan: DCGAN (Radford et al. 2016) on MNIST.

Run:   python -m zoo.train --model=mnist_dcgan
Cost:  3,000 steps at batch 64 (see README for the measured time on 2 CPU cores). The
       paper's recipe: Adam(2e-4, beta_1 0.5), batch norm in G and D, LeakyReLU(0.2) in D,
       N(0, 0.02) init; the paper trains with batch 128.
Small: --config=configs/mnist_dcgan.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None, dataset="mnist", name="mnist_dcgan"):
  c = zoo_config.base_config(name, dataset)
  c.model = dict(latent_dim=100, prior="normal", g_width=64, d_width=64, d_norm="batch",
                 d_logit_bias=True)
  c.optimizer = dict(d=zoo_config.optimizer_config("adam", 2e-4, 0.0, 0.5, 0.999),
                     g=zoo_config.optimizer_config("adam", 2e-4, 0.0, 0.5, 0.999))
  c.train.steps = 3_000
  c.train.batch_size = 64
  c.train.sample_every = 500
  c.train.checkpoint_every = 500
  if arg == "small":
    zoo_config.shrink_for_tests(c, g_width=4, d_width=4)
  return c
