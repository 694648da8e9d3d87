"""fashion_mnist_srgan_x4: SRGAN (Ledig et al. 2017) x4 super-resolution of Fashion-MNIST,
7x7 to 28x28; the networks and losses of configs/mnist_srgan_x4.py.

Run:   python -m zoo.train --model=fashion_mnist_srgan_x4
Cost:  4,000 steps of 32; README "Image-to-image" has the measured time on this machine.
Small: --config=configs/fashion_mnist_srgan_x4.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  return zoo_config.load_sibling(__file__, "mnist_srgan_x4").get_config(
      arg, dataset="fashion_mnist", name="fashion_mnist_srgan_x4")
