"""mnist_mlp: the fully connected GAN of Goodfellow et al. 2014 on MNIST.

Run:   python -m zoo.train --model=mnist_mlp
Cost:  15,000 steps at batch 100, about 5 minutes on 2 CPU cores (see README). k=1, SGD
       lr 0.1 momentum 0.5, z ~ N(0, I) (the `noise` default of the paper's released code),
       G's output bias from the data's pixel marginals, as in its mnist.yaml.
Small: --config=configs/mnist_mlp.py:small (tiny widths and steps, for tests).
"""
from zoo import config as zoo_config


def get_config(arg=None, dataset="mnist", name="mnist_mlp"):
  c = zoo_config.base_config(name, dataset)
  c.model = dict(latent_dim=100, prior="normal", g_hidden=(1200, 1200), d_hidden=(240, 240),
                 d_pieces=5, dropout=0.5, input_dropout=0.2, g_init=0.05, d_init=0.005)
  c.optimizer = dict(d=zoo_config.optimizer_config("sgd", 0.1, 0.5),
                     g=zoo_config.optimizer_config("sgd", 0.1, 0.5))
  c.train.steps = 15_000
  c.train.batch_size = 100
  c.train.sample_every = 1_000
  c.train.checkpoint_every = 1_000
  if arg == "small":
    zoo_config.shrink_for_tests(c, g_hidden=(16,), d_hidden=(8,), d_pieces=2)
  return c
