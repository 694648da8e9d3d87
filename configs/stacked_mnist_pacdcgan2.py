"""stacked_mnist_pacdcgan2: PacDCGAN2 (Lin et al. 2018): stacked_mnist_dcgan with its data,
networks and training unchanged, except that D judges 2 samples at once (gan.pack=2),
joined along the channels. As in PacGAN's code, D judges as many packs per step as the
plain D judges images (64), so each step draws 2 x 64 real and 2 x 64 generated images.
PacGAN's Table 2: 1,000 modes, KL 0.06.

Run:   python -m zoo.train --model=stacked_mnist_pacdcgan2
       python -m zoo.evaluate --workdir=W --num_samples=26000
Cost:  stacked_mnist_dcgan's 10,000 steps with twice the images per step (1,323 s here,
       README "Stacked MNIST").
Small: --config=configs/stacked_mnist_pacdcgan2.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.load_sibling(__file__, "stacked_mnist_dcgan").get_config(arg)
  c.model_name = "stacked_mnist_pacdcgan2"
  c.gan.pack = 2
  c.train.batch_size *= c.gan.pack
  return c
