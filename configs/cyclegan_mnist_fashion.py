"""cyclegan_mnist_fashion: CycleGAN (Zhu et al. 2017) between MNIST digits (domain A) and
Fashion-MNIST garments (domain B), unpaired: two ResNet generators (width 16, 3 residual
blocks on 28x28; the paper: 64 and 6 at 128x128), two PatchGANs with instance norm, least
squares GAN loss, cycle weight 10, identity weight 0.5 (x 10), an image pool of the last 2
steps' images (64 at batch 32; the paper keeps 50), Adam 2e-4 with beta_1 0.5 (the paper's;
it trains with batch 1 and decays the rate linearly after 100 epochs).

Run:   python -m zoo.train --model=cyclegan_mnist_fashion
Cost:  2,000 steps of 32 (not measured for the README).
Small: --config=configs/cyclegan_mnist_fashion.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.base_config("cyclegan_mnist_fashion", "mnist", kind="cyclegan")
  c.model = dict(g_width=16, blocks=3, d_width=32, d_strided=2)
  c.cyclegan.update(domain_b="fashion_mnist", cycle_weight=10.0, identity_weight=0.5,
                    pool_depth=2)
  c.optimizer = dict(d=zoo_config.optimizer_config("adam", 2e-4, 0.0, 0.5, 0.999),
                     g=zoo_config.optimizer_config("adam", 2e-4, 0.0, 0.5, 0.999))
  c.train.update(steps=2_000, batch_size=32, sample_every=500, checkpoint_every=500,
                 num_samples=16)
  if arg == "small":
    zoo_config.shrink_for_tests(c, g_width=4, blocks=1, d_width=4)
  return c
