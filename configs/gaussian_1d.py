"""gaussian_1d: Goodfellow et al. 2014, Figure 1: G maps uniform noise to N(4, 0.5^2).

Run:   python -m zoo.train --model=gaussian_1d
Cost:  3,000 steps (each 5 D updates, 1 G update) at batch 128 (README has the measured time on 2 CPU cores). The plots in
       samples/ show p_data, p_g and D(x), which should flatten towards 1/2.
Small: --config=configs/gaussian_1d.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.base_config("gaussian_1d", "gaussian_1d")
  c.model = dict(latent_dim=1, prior="uniform", g_hidden=(32, 32), g_batch_norm=False,
                 d_hidden=(32, 32))
  # k = 5 D steps per G step (Algorithm 1's k): with k = 1, D flattens to 1/2 before p_g
  # has the data's spread (measured: std 0.90 against 0.5), and G stops learning.
  c.gan.d_steps = 5
  c.optimizer = dict(d=zoo_config.optimizer_config("adam", 1e-3, 0.0, 0.5, 0.999),
                     g=zoo_config.optimizer_config("adam", 1e-3, 0.0, 0.5, 0.999))
  c.train.update(steps=3_000, batch_size=128, sample_every=500, checkpoint_every=1_000,
                 num_samples=5_000)
  # Figure 1's equilibrium: D(x) = 1/2 where p_g = p_data; the best checkpoint is the closest.
  c.eval.update(every=500, num_samples=2_500, primary="d_distance_from_half")
  if arg == "small":
    zoo_config.shrink_for_tests(c, latent_dim=1, g_hidden=(8,), d_hidden=(8,))
  return c
