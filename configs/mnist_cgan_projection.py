"""mnist_cgan_projection: mnist_cgan with a projection discriminator (Miyato & Koyama 2018).

Run:   python -m zoo.train --model=mnist_cgan_projection
Cost:  as mnist_cgan (15,000 steps at batch 100).
Small: --config=configs/mnist_cgan_projection.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  return zoo_config.load_sibling(__file__, "mnist_cgan").get_config(
      arg, name="mnist_cgan_projection", projection=True)
