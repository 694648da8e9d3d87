"""mnist_srgan_x4: SRGAN (Ledig et al. 2017) x4 super-resolution of MNIST: 7x7 digits
(area-downscaled, `translation.pairs`) to 28x28. SRResNet G with 8 residual blocks of 32
channels (the paper: 16 of 64), D of width 32, L1 pixel content loss (the paper's VGG
feature loss has no counterpart on 28x28 digits here) plus 1e-3 x the non-saturating
adversarial loss (the paper's weight; 1e-2 measured worse, README "Image-to-image"), Adam
1e-4 (the paper's), batch 32. The paper starts G from a trained SRResNet:
--config.translation.init_generator=RUN (a run with adversarial_weight=0).

Run:   python -m zoo.train --model=mnist_srgan_x4
       (--config.translation.adversarial_weight=0: SRResNet, the content loss alone)
Cost:  4,000 steps of 32; README "Image-to-image" has the measured time on this machine's
       2 cores. The paper trains 10^5 + 10^5 steps of 16 96x96 crops on a GPU.
Small: --config=configs/mnist_srgan_x4.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None, dataset="mnist", name="mnist_srgan_x4"):
  c = zoo_config.base_config(name, dataset, kind="translation")
  c.model = dict(scale=4, g_width=32, blocks=8, d_width=32)
  c.translation.update(pairs="downscale:4", content="l1", content_weight=1.0,
                       adversarial_weight=1e-3)
  c.optimizer = dict(d=zoo_config.optimizer_config("adam", 1e-4, 0.0, 0.9, 0.999),
                     g=zoo_config.optimizer_config("adam", 1e-4, 0.0, 0.9, 0.999))
  c.train.update(steps=4_000, batch_size=32, sample_every=500, checkpoint_every=500,
                 num_samples=16)
  if arg == "small":
    zoo_config.shrink_for_tests(c, g_width=4, blocks=1, d_width=2)
  return c
