"""PyTorch peer of `python -m zoo.benchmark`: a plain eager training loop (no torch.compile)
for the zoo's mnist_mlp, mnist_dcgan and fashion_mnist_wgan_gp, mirroring their configs
(configs/*.py, zoo/models/mlp.py, zoo/models/dcgan.py, zoo/gan.py): same architectures,
initialization, batch, optimizers, losses and D/G step schedule, on synthetic images.

  .venv/bin/python torch_gan.py --model=mnist_dcgan [--batch_size=64] [--steps=300]
                                [--warmup=20] [--windows=5] [--json] [--check]

One step = d_steps discriminator (critic) updates, each on its own real batch and fresh z,
then one generator update with fresh z; images are NCHW here (NHWC in the zoo), which
changes no shape that matters. Logs go to stderr; --json prints one JSON object on stdout.
"""
import os

import torch
import torch.nn.functional as F
from torch import nn

import common

torch.set_num_threads(os.cpu_count())


# --- mnist_mlp: Goodfellow et al. 2014 -----------------------------------------------------

class Maxout(nn.Module):
  """Dense(units * pieces), then the max over each unit's `pieces` outputs."""

  def __init__(self, in_features, units, pieces):
    super().__init__()
    self.units, self.pieces = units, pieces
    self.linear = nn.Linear(in_features, units * pieces)

  def forward(self, x):
    # Piece-major columns (column j * units + i is piece j of unit i), as the zoo's Maxout.
    return self.linear(x).view(-1, self.pieces, self.units).amax(dim=1)


def mlp_generator():
  g = nn.Sequential(
      nn.Linear(common.LATENT_DIM, 1200), nn.ReLU(),
      nn.Linear(1200, 1200), nn.ReLU(),
      nn.Linear(1200, 28 * 28), nn.Sigmoid(),
      nn.Unflatten(1, (1, 28, 28)))
  return _uniform_init(g, 0.05)


def mlp_discriminator():
  d = nn.Sequential(
      nn.Flatten(), nn.Dropout(0.2),
      Maxout(28 * 28, 240, 5), nn.Dropout(0.5),
      Maxout(240, 240, 5), nn.Dropout(0.5),
      nn.Linear(240, 1), nn.Flatten(0))  # [batch] logits
  return _uniform_init(d, 0.005)


def _uniform_init(net, scale):
  for m in net.modules():
    if isinstance(m, nn.Linear):
      nn.init.uniform_(m.weight, -scale, scale)
      nn.init.zeros_(m.bias)
  return net


# --- mnist_dcgan, fashion_mnist_wgan_gp: Radford et al. 2016, Gulrajani et al. 2017 -------

def batch_norm(channels):
  # Keras BatchNormalization(momentum=0.99, epsilon=1e-3); torch's momentum is 1 - Keras's.
  return nn.BatchNorm2d(channels, eps=1e-3, momentum=0.01)


class ChannelLayerNorm(nn.LayerNorm):
  """Keras LayerNormalization() on NHWC: normalizes the channels at each position."""

  def forward(self, x):  # x: NCHW
    return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class DCGANGenerator(nn.Module):
  def __init__(self):
    super().__init__()
    self.project = nn.Linear(common.LATENT_DIM, 7 * 7 * 128, bias=False)
    self.bn0 = batch_norm(128)
    self.up = nn.ConvTranspose2d(128, 64, 5, stride=2, padding=2, output_padding=1,
                                 bias=False)  # 7 -> 14
    self.bn1 = batch_norm(64)
    self.to_pixels = nn.ConvTranspose2d(64, 1, 5, stride=2, padding=2,
                                        output_padding=1)  # 14 -> 28
    _normal_init(self)

  def forward(self, z):
    h = F.relu(self.bn0(self.project(z).view(-1, 128, 7, 7)))
    h = F.relu(self.bn1(self.up(h)))
    return torch.tanh(self.to_pixels(h)) * 0.5 + 0.5


class DCGANDiscriminator(nn.Module):
  """norm="batch" for DCGAN; norm="layer" (and no logit bias) for the WGAN-GP critic. As
  in the zoo, the second conv has a bias only when batch norm does not follow it."""

  def __init__(self, norm="batch", logit_bias=True):
    super().__init__()
    self.conv0 = nn.Conv2d(1, 64, 5, stride=2, padding=2)  # 28 -> 14
    self.conv1 = nn.Conv2d(64, 128, 5, stride=2, padding=2, bias=norm != "batch")  # 14 -> 7
    self.norm1 = batch_norm(128) if norm == "batch" else ChannelLayerNorm(128, eps=1e-3)
    self.logit = nn.Linear(7 * 7 * 128, 1, bias=logit_bias)
    _normal_init(self)

  def forward(self, x):
    h = F.leaky_relu(self.conv0(x * 2.0 - 1.0), 0.2)
    h = F.leaky_relu(self.norm1(self.conv1(h)), 0.2)
    return self.logit(h.flatten(1)).squeeze(1)


def _normal_init(net):
  for m in net.modules():
    if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
      nn.init.normal_(m.weight, 0.0, 0.02)
      if m.bias is not None:
        nn.init.zeros_(m.bias)


def build(model):
  """(G, D, G's optimizer, D's optimizer) as the zoo's config builds them."""
  if model == "mnist_mlp":
    g, d = mlp_generator(), mlp_discriminator()
    return (g, d, torch.optim.SGD(g.parameters(), lr=0.1, momentum=0.5),
            torch.optim.SGD(d.parameters(), lr=0.1, momentum=0.5))
  if model == "mnist_dcgan":
    g, d = DCGANGenerator(), DCGANDiscriminator()
    adam = dict(lr=2e-4, betas=(0.5, 0.999), eps=1e-7)
  else:  # fashion_mnist_wgan_gp
    g, d = DCGANGenerator(), DCGANDiscriminator(norm="layer", logit_bias=False)
    adam = dict(lr=1e-4, betas=(0.5, 0.9), eps=1e-7)
  return g, d, torch.optim.Adam(g.parameters(), **adam), torch.optim.Adam(d.parameters(), **adam)


# --- training steps ------------------------------------------------------------------------

def noise(batch):
  return torch.randn(batch, common.LATENT_DIM)


def generator_update(g, d, opt_g, batch, loss_fn):
  # D's weights need no gradients here (the zoo's and JAX's G step do not compute them).
  d.requires_grad_(False)
  g_loss = loss_fn(d(g(noise(batch)))).mean()
  opt_g.zero_grad()
  g_loss.backward()
  opt_g.step()
  d.requires_grad_(True)
  return g_loss


def gan_step(g, d, opt_g, opt_d, real):
  """Non-saturating GAN: one D update on `real`, then one G update."""
  with torch.no_grad():
    fake = g(noise(real.shape[0]))  # G in training mode: batch statistics, running stats
  d_loss = (F.softplus(-d(real)) + F.softplus(d(fake))).mean()
  opt_d.zero_grad()
  d_loss.backward()
  opt_d.step()
  g_loss = generator_update(g, d, opt_g, real.shape[0], lambda logits: F.softplus(-logits))
  return d_loss, g_loss


def gradient_penalty(d, real, fake):
  """mean((||grad_xhat D(xhat)||_2 - 1)^2), xhat = e x + (1 - e) G(z), e ~ U[0, 1] per
  example; create_graph=True so that it can be differentiated in D's weights."""
  e = torch.rand(real.shape[0], 1, 1, 1)
  xhat = (e * real + (1.0 - e) * fake).requires_grad_(True)
  grad, = torch.autograd.grad(d(xhat).sum(), xhat, create_graph=True)
  norms = torch.sqrt(grad.flatten(1).square().sum(dim=1) + 1e-12)  # as the zoo's
  return ((norms - 1.0) ** 2).mean()


def wgan_gp_step(g, d, opt_g, opt_d, reals):
  """WGAN-GP: one critic update per batch of `reals` [d_steps, batch, ...], then one G update."""
  for real in reals:
    with torch.no_grad():
      fake = g(noise(real.shape[0]))
    d_loss = (d(fake) - d(real)).mean() + 10.0 * gradient_penalty(d, real, fake)
    opt_d.zero_grad()
    d_loss.backward()
    opt_d.step()
  g_loss = generator_update(g, d, opt_g, reals.shape[1], lambda scores: -scores)
  return d_loss, g_loss


def main():
  args = common.parse_args("PyTorch")
  torch.manual_seed(args.seed)
  g, d, opt_g, opt_d = build(args.model)
  count = lambda net: sum(p.numel() for p in net.parameters() if p.requires_grad)
  params_ok = common.check_params(args.model, {"G": count(g), "D": count(d)})
  if args.check:
    raise SystemExit(0 if params_ok else 1)
  g.train()
  d.train()

  images = torch.from_numpy(common.synthetic_images(args.seed)).permute(0, 3, 1, 2).contiguous()  # NCHW
  b, k = args.batch_size, args.d_steps

  def step():
    real = images[torch.randint(len(images), (k * b,))]
    if k == 1:
      return gan_step(g, d, opt_g, opt_d, real)
    return wgan_gp_step(g, d, opt_g, opt_d, real.view(k, b, *real.shape[1:]))

  # Eager PyTorch on the CPU is synchronous: each step has finished when it returns.
  rates, (d_loss, g_loss) = common.time_training(step, lambda out: None, args.warmup,
                                                 args.steps, args.windows)
  common.check_finite({"d_loss": d_loss.item(), "g_loss": g_loss.item()})
  common.report("pytorch", torch.__version__, args, rates)


if __name__ == "__main__":
  main()
