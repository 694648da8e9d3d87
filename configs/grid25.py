"""grid25: 25 Gaussians (std 0.05) on the grid {-4, -2, 0, 2, 4}^2, the mode-collapse
benchmark of VEEGAN and PacGAN, with PacGAN's networks and training (Lin et al. 2018,
fjxmlzn/PacGAN synthetic_data_experiments): G with four ReLU layers of 400 and batch norm,
D with three maxout layers of 200 units x 5 pieces, every weight from N(0, 0.02^2),
z ~ N(0, I_2), Adam 1e-4 with beta_1 0.8, 100 of D's decisions per step. G's batch-norm
statistics, which samples, evaluations and exports use, are PacGAN's: a running average of
momentum 0.95, re-estimated from 50 batches of 100 latents at the current weights before each
sample grid, evaluation and checkpoint, as PacGAN's monitoring pass does before it samples.

Run:   python -m zoo.train --model=grid25
Cost:  20,000 steps at batch 100 (README has the measured time on 2 CPU cores; PacGAN
       trains 400,000).
Small: --config=configs/grid25.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None, name="grid25", dataset="grid25"):
  c = zoo_config.base_config(name, dataset)
  # g_bn_epsilon: Keras's 1e-3, which every measured run used; PacGAN's Blocks code has 1e-4.
  c.model = dict(latent_dim=2, prior="normal", g_hidden=(400, 400, 400, 400),
                 g_batch_norm=True, d_hidden=(200, 200, 200), d_maxout_pieces=5,
                 init_std=0.02, g_bn_momentum=0.95, g_bn_epsilon=1e-3)
  c.optimizer = dict(d=zoo_config.optimizer_config("adam", 1e-4, 0.0, 0.8, 0.999),
                     g=zoo_config.optimizer_config("adam", 1e-4, 0.0, 0.8, 0.999))
  c.train.update(steps=20_000, batch_size=100, log_every=1_000, sample_every=2_000,
                 checkpoint_every=2_000, num_samples=2_500, bn_refresh_batches=50)
  # PacGAN's protocol: 2,500 samples; the best checkpoint covers the most modes.
  c.eval.update(every=1_000, num_samples=2_500)
  if arg == "small":
    zoo_config.shrink_for_tests(c, latent_dim=2, g_hidden=(8,), d_hidden=(8,))
  return c
