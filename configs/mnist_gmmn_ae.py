"""mnist_gmmn_ae: GMMN+AE (Li, Swersky & Zemel 2015): an autoencoder 784-1024-32 (sigmoid
code, dropout on its input) learns codes of MNIST, and G (10-d uniform z -> ReLU 64, 256,
256 -> a 32-d sigmoid code) is trained by MMD against the encoder's codes; images are
G's codes through the decoder. Both parts train from the first step (zoo/gmmn.py).

Run:   python -m zoo.train --model=mnist_gmmn_ae
Cost:  5,000 steps at batch 1000 (README has the measured time on 2 CPU cores).
Small: --config=configs/mnist_gmmn_ae.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.load_sibling(__file__, "mnist_gmmn").get_config(arg, name="mnist_gmmn_ae")
  c.model.update(g_hidden=(64, 256, 256) if arg != "small" else (8,), code_dim=32)
  c.mmd.bandwidths = (0.5, 1.0, 2.0, 4.0, 8.0)  # codes live in [0, 1]^32
  c.optimizer.d = zoo_config.optimizer_config("adam", 1e-3, 0.0, 0.9, 0.999)
  return c
