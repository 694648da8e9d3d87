"""ring8: 8 Gaussians (std 0.02) on a circle of radius 2, the mode-collapse benchmark of
Metz et al. 2017 (Unrolled GANs): G and D with two ReLU layers of 128, z ~ N(0, I_256).

Run:   python -m zoo.train --model=ring8
Cost:  10,000 steps at batch 512 (README has the measured time on 2 CPU cores); samples/
       holds scatter plots of G's points over the modes.
Small: --config=configs/ring8.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None, name="ring8", dataset="ring8"):
  c = zoo_config.base_config(name, dataset)
  c.model = dict(latent_dim=256, prior="normal", g_hidden=(128, 128), g_batch_norm=False,
                 d_hidden=(128, 128))
  c.optimizer = dict(d=zoo_config.optimizer_config("adam", 1e-4, 0.0, 0.5, 0.999),
                     g=zoo_config.optimizer_config("adam", 1e-3, 0.0, 0.5, 0.999))
  c.train.update(steps=10_000, batch_size=512, log_every=500, sample_every=1_000,
                 checkpoint_every=2_000, num_samples=2_500)
  # PacGAN's protocol: 2,500 samples; the best checkpoint covers the most modes.
  c.eval.update(every=1_000, num_samples=2_500)
  if arg == "small":
    zoo_config.shrink_for_tests(c, g_hidden=(8,), d_hidden=(8,))
  return c
