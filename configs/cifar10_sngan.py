"""cifar10_sngan: SNGAN (Miyato et al. 2018) on CIFAR-10: ResNet G (width 256) and D
(width 128) with spectral normalization in every D layer, hinge loss, n_dis = 5,
Adam(2e-4, beta_1 0, beta_2 0.9), batch 64, z ~ N(0, I_128), and an EMA of G's weights
(decay 0.9999) used for samples and export.

Run:   python -m zoo.train --model=cifar10_sngan   (needs TFDS cifar10, see cifar10_dcgan)
Cost:  50,000 generator steps (the paper's setting). Not run here: no CIFAR-10 offline;
       its tests use TFDS mock data.
Small: --config=configs/cifar10_sngan.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.base_config("cifar10_sngan", "cifar10")
  c.model = dict(latent_dim=128, prior="normal", g_width=256, d_width=128)
  c.gan.update(generator_loss="hinge", discriminator_loss="hinge", d_steps=5)
  c.optimizer = dict(d=zoo_config.optimizer_config("adam", 2e-4, 0.0, 0.0, 0.9),
                     g=zoo_config.optimizer_config("adam", 2e-4, 0.0, 0.0, 0.9))
  c.train.update(steps=50_000, batch_size=64, sample_every=1_000, checkpoint_every=1_000,
                 ema_decay=0.9999)
  if arg == "small":
    zoo_config.shrink_for_tests(c, g_width=4, d_width=4)
    c.train.ema_decay = 0.5
  return c
