"""fashion_mnist_vae: the mnist_vae model (Kingma & Welling 2014) on Fashion-MNIST.

Run:   python -m zoo.train --model=fashion_mnist_vae
Cost:  10,000 steps at batch 100, as mnist_vae.
Small: --config=configs/fashion_mnist_vae.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  return zoo_config.load_sibling(__file__, "mnist_vae").get_config(
      arg, "fashion_mnist", "fashion_mnist_vae")
