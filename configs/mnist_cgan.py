"""mnist_cgan: conditional GAN (Mirza & Osindero 2014) on MNIST; samples one row per digit.

Run:   python -m zoo.train --model=mnist_cgan
Cost:  15,000 steps at batch 100, like mnist_mlp (README has the measured time). The
       paper's recipe: SGD lr 0.1 momentum 0.5, batch 100, dropout 0.5 in D, maxout D.
Small: --config=configs/mnist_cgan.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None, dataset="mnist", name="mnist_cgan", projection=False):
  c = zoo_config.load_sibling(__file__, "mnist_mlp").get_config(None, dataset, name)
  c.model.num_classes = 10
  c.model.projection = projection
  c.train.num_samples = 100
  if arg == "small":
    zoo_config.shrink_for_tests(c, g_hidden=(16,), d_hidden=(8,), d_pieces=2)
    c.train.num_samples = 20
  return c
