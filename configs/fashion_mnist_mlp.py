"""fashion_mnist_mlp: the Goodfellow et al. 2014 fully connected GAN on Fashion-MNIST.

Run:   python -m zoo.train --model=fashion_mnist_mlp
Cost:  same architecture and budget as mnist_mlp (15,000 steps, about 9 minutes here).
Small: --config=configs/fashion_mnist_mlp.py:small
"""
import importlib.util
import pathlib

_spec = importlib.util.spec_from_file_location(
    "mnist_mlp_config", pathlib.Path(__file__).with_name("mnist_mlp.py"))
_mnist_mlp = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mnist_mlp)


def get_config(arg=None):
  return _mnist_mlp.get_config(arg, dataset="fashion_mnist", name="fashion_mnist_mlp")
