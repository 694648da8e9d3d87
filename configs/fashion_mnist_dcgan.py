"""fashion_mnist_dcgan: DCGAN (Radford et al. 2016) on Fashion-MNIST.

Run:   python -m zoo.train --model=fashion_mnist_dcgan
Cost:  as mnist_dcgan (3,000 steps at batch 64; README has the measured time).
Small: --config=configs/fashion_mnist_dcgan.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  return zoo_config.load_sibling(__file__, "mnist_dcgan").get_config(
      arg, dataset="fashion_mnist", name="fashion_mnist_dcgan")
