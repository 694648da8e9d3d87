"""fashion_mnist_mlp: the Goodfellow et al. 2014 fully connected GAN on Fashion-MNIST.

Run:   python -m zoo.train --model=fashion_mnist_mlp
Cost:  same architecture and budget as mnist_mlp (15,000 steps, about 5 minutes here).
Small: --config=configs/fashion_mnist_mlp.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  return zoo_config.load_sibling(__file__, "mnist_mlp").get_config(
      arg, dataset="fashion_mnist", name="fashion_mnist_mlp")
