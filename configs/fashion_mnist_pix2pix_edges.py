"""fashion_mnist_pix2pix_edges: pix2pix (Isola et al. 2017) from Sobel edge maps of
Fashion-MNIST (`translation.pairs=edges`) to the images. U-Net G of 2 levels on 28x28 (the
paper's 256x256 G has 8), conditional PatchGAN D giving 7x7 patch logits, L1 x 100 plus the
non-saturating adversarial loss x 1, Adam 2e-4 with beta_1 0.5 (the paper's). The paper
trains with batch 1 and keeps dropout on at test time as G's noise; here batch 32, and the
export is deterministic (dropout off).

Run:   python -m zoo.train --model=fashion_mnist_pix2pix_edges
Cost:  4,000 steps of 32; README "Image-to-image" has the measured time on this machine.
Small: --config=configs/fashion_mnist_pix2pix_edges.py:small
"""
from zoo import config as zoo_config


def get_config(arg=None):
  c = zoo_config.base_config("fashion_mnist_pix2pix_edges", "fashion_mnist", kind="translation")
  c.model = dict(g_width=64, levels=8, dropout_layers=3, d_width=64, d_strided=2)
  c.translation.update(pairs="edges", content="l1", content_weight=100.0,
                       adversarial_weight=1.0)
  c.optimizer = dict(d=zoo_config.optimizer_config("adam", 2e-4, 0.0, 0.5, 0.999),
                     g=zoo_config.optimizer_config("adam", 2e-4, 0.0, 0.5, 0.999))
  c.train.update(steps=4_000, batch_size=32, sample_every=500, checkpoint_every=500,
                 num_samples=16)
  if arg == "small":
    zoo_config.shrink_for_tests(c, g_width=4, d_width=4)
  return c
