"""mnist_gmmn: a generative moment matching network (Li, Swersky & Zemel 2015) on MNIST:
G (10-d uniform z -> ReLU 64, 256, 256, 1024 -> sigmoid pixels) trained by MMD with
Gaussian kernels of widths 2, 5, 10, 20, 40, 80 at batch 1000, as in the paper. No D.

Run:   python -m zoo.train --model=mnist_gmmn
Cost:  5,000 steps at batch 1000 (README has the measured time on 2 CPU cores).
Small: --config=configs/mnist_gmmn.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None, name="mnist_gmmn"):
  c = zoo_config.base_config(name, "mnist", kind="gmmn")
  c.model = dict(latent_dim=10, prior="uniform", g_hidden=(64, 256, 256, 1024), code_dim=0,
                 ae_hidden=(1024,), ae_dropout=0.1)
  c.optimizer = dict(g=zoo_config.optimizer_config("adam", 1e-3, 0.0, 0.5, 0.999))
  c.train.update(steps=5_000, batch_size=1_000, sample_every=500, checkpoint_every=500)
  if arg == "small":
    zoo_config.shrink_for_tests(c, g_hidden=(8,), ae_hidden=(8,))
  return c
