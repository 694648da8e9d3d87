"""fashion_mnist_cgan: conditional GAN (Mirza & Osindero 2014) on Fashion-MNIST.

Run:   python -m zoo.train --model=fashion_mnist_cgan
Cost:  as mnist_cgan (15,000 steps at batch 100).
Small: --config=configs/fashion_mnist_cgan.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  return zoo_config.load_sibling(__file__, "mnist_cgan").get_config(
      arg, dataset="fashion_mnist", name="fashion_mnist_cgan")
