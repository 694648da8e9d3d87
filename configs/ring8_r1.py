"""ring8_r1: PacGAN's ring (Lin et al. 2018, fjxmlzn/PacGAN synthetic_data_experiments):
8 Gaussians (std 0.01) on the unit circle, with grid25's networks and training (PacGAN's:
maxout D, batch-normed ReLU G, z ~ N(0, I_2), Adam 1e-4 with beta_1 0.8). ring8 is the other
ring, Metz et al.'s (radius 2, std 0.02, its own networks).

Run:   python -m zoo.train --model=ring8_r1
Cost:  20,000 steps at batch 100 (README has the measured time on 2 CPU cores; PacGAN
       trains 400,000).
Small: --config=configs/ring8_r1.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  return zoo_config.load_sibling(__file__, "grid25").get_config(
      arg, name="ring8_r1", dataset="ring8_r1")
