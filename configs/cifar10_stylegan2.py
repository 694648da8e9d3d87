"""cifar10_stylegan2: StyleGAN2 config F (Karras et al. 2020) on CIFAR-10 at 32x32, with
StyleGAN2-ADA's CIFAR settings where they differ from config F (Karras et al. 2020b):
2 mapping layers, 512 channels at every resolution, R1 gamma 0.01, batch 64.

Run:   python -m zoo.train --model=cifar10_stylegan2   (needs TFDS cifar10, see cifar10_dcgan)
Cost:  100,000 steps of 64 (6,400 kimg; ADA's CIFAR runs train 100,000 kimg on 2 V100s, about
       2 days). One step here is in `zoo-benchmark --model=cifar10_stylegan2`; nothing of
       this model was trained on this CPU.
Small: --config=configs/cifar10_stylegan2.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None, name="cifar10_stylegan2", dataset="cifar10", resolution=32,
               batch_size=64, channel_base=16384, channel_max=512, mapping_layers=2,
               steps=100_000, ema_kimg=500.0):
  c = zoo_config.base_config(name, dataset)
  c.model = dict(latent_dim=512, prior="normal", w_dim=512, mapping_layers=mapping_layers,
                 channel_base=channel_base, channel_max=channel_max, mbstd_group=4,
                 # With --config.train.mixed_precision=mixed_float16 (GPUs), the 4 highest
                 # resolutions of G and D run in float16, the rest in float32 (NVIDIA's).
                 fp16_resolutions=4)
  # NVIDIA's rule for R1's gamma: 0.0002 * resolution^2 / batch (StyleGAN2-ADA's auto config).
  c.stylegan2 = dict(r1_gamma=round(0.0002 * resolution ** 2 / batch_size, 4), r1_interval=16,
                     pl_weight=2.0, pl_interval=4, pl_decay=0.01, mixing_prob=0.9,
                     ema_kimg=ema_kimg)
  # Adam(0.002, beta_1 0, beta_2 0.99, eps 1e-8) for both players, as the paper.
  c.optimizer = dict(d=zoo_config.optimizer_config("adam", 0.002, 0.0, 0.0, 0.99),
                     g=zoo_config.optimizer_config("adam", 0.002, 0.0, 0.0, 0.99))
  c.train.update(steps=steps, batch_size=batch_size, sample_every=steps // 20,
                 checkpoint_every=steps // 20, log_every=100)
  if arg == "small":
    zoo_config.shrink_for_tests(c, latent_dim=8, w_dim=8, channel_base=64, channel_max=8)
  return c
