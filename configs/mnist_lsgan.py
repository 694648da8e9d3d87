"""mnist_lsgan: Least Squares GAN (Mao et al. 2017) on MNIST, with the DCGAN architecture.

Run:   python -m zoo.train --model=mnist_lsgan
Cost:  as mnist_dcgan (3,000 steps at batch 64). Least-squares losses with a=0, b=c=1 and
       Adam(2e-4, 0.5), the DCGAN settings the paper starts from.
Small: --config=configs/mnist_lsgan.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.load_sibling(__file__, "mnist_dcgan").get_config(
      arg, dataset="mnist", name="mnist_lsgan")
  c.gan.generator_loss = "least_squares"
  c.gan.discriminator_loss = "least_squares"
  return c
