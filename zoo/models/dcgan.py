"""Deep convolutional GAN (Radford et al. 2016, "Unsupervised Representation Learning with
Deep Convolutional Generative Adversarial Networks", arXiv:1511.06434).

G: z -> dense to a base grid (7x7 for 28x28 images, 4x4 for 32 and 64) -> stride-2
   transposed convolutions (5x5), batch norm and ReLU, doubling the size each stage ->
   tanh, rescaled to images in [0, 1].
D: stride-2 convolutions (5x5), LeakyReLU(0.2), batch norm after the first -> 1 logit.
   `norm="layer"` or `"none"` gives the critic WGAN-GP needs (its penalty is per example,
   which batch norm would break), and `logit_bias=False` drops the output bias, which
   cancels in the Wasserstein loss.
Weights start N(0, 0.02) as in the paper. Batch norm is synchronized across replicas, so a
step under tf.distribute equals the step on one device.
"""
import keras
from keras import ops

from zoo.models import registry
from zoo.models import base
from zoo.models.layers import BatchNormalization

PAPERS = {
    "dcgan": "Radford et al. 2016, DCGAN (arXiv:1511.06434)",
    "lsgan": "Mao et al. 2017, Least Squares GAN (arXiv:1611.04076)",
    "wgan_gp": "Gulrajani et al. 2017, Improved Training of Wasserstein GANs (arXiv:1704.00028)",
    "pacgan": "Lin et al. 2018, PacGAN (arXiv:1712.04086), on DCGAN",
}
NORMS = ("batch", "layer", "none")


def stages(size):
  """Stride-2 stages from the base grid to `size`: 28 -> 2 (7x7), 32 -> 3, 64 -> 4 (4x4)."""
  n = 0
  while size % 2 ** (n + 1) == 0 and size // 2 ** (n + 1) >= 4:
    n += 1
  if n == 0:
    raise ValueError(f"DCGAN needs an image size divisible by 2 down to a base of 4 to 7, "
                     f"got {size}.")
  return n


def _init():
  return keras.initializers.RandomNormal(stddev=0.02)


def _norm(kind, name):
  if kind == "batch":
    return BatchNormalization(name=name)
  if kind == "layer":
    return keras.layers.LayerNormalization(name=name)
  if kind == "none":
    return keras.layers.Identity(name=name)
  raise ValueError(f"norm must be one of {NORMS}, got {kind!r}.")


@keras.saving.register_keras_serializable(package="zoo")
class DCGANGenerator(base.Generator):
  """z [batch, latent_dim] -> images [batch, H, W, C] in [0, 1]."""

  supports_virtual_batch_norm = True

  def __init__(self, latent_dim, image_shape, width=64, prior="normal", **kwargs):
    super().__init__(latent_dim, image_shape, prior, **kwargs)
    self.width = int(width)
    n = stages(self.image_shape[0])
    side = self.image_shape[0] // 2 ** n
    top = self.width * 2 ** (n - 1)
    self.project = keras.layers.Dense(side * side * top, use_bias=False,
                                      kernel_initializer=_init(), name="project")
    self.to_grid = keras.layers.Reshape((side, side, top))
    self.norms = [self.norm_layer(f"bn_{i}") for i in range(n)]
    self.ups = [keras.layers.Conv2DTranspose(top // 2 ** (i + 1), 5, strides=2, padding="same",
                                             use_bias=False, kernel_initializer=_init(),
                                             name=f"up_{i}") for i in range(n - 1)]
    self.to_pixels = keras.layers.Conv2DTranspose(
        self.image_shape[-1], 5, strides=2, padding="same", kernel_initializer=_init(),
        name="pixels")

  def call(self, z, labels=None, training=False):
    h = ops.relu(self.norms[0](self.to_grid(self.project(self.with_reference(z))),
                               training=training))
    for up, norm in zip(self.ups, self.norms[1:]):
      h = ops.relu(norm(up(h), training=training))
    return self.without_reference(ops.tanh(self.to_pixels(h)) * 0.5 + 0.5)

  def get_config(self):
    config = super().get_config()
    config.update(width=self.width)
    return config


@keras.saving.register_keras_serializable(package="zoo")
class DCGANDiscriminator(base.Discriminator):
  """images [batch, H, W, C] -> logits [batch]."""

  def __init__(self, image_size=28, width=64, norm="batch", logit_bias=True, **kwargs):
    super().__init__(**kwargs)
    self.image_size, self.width, self.norm = int(image_size), int(width), norm
    self.logit_bias = bool(logit_bias)
    n = stages(self.image_size)
    kinds = ["none"] + [norm] * (n - 1)  # no norm on the first layer, as in the paper
    # A bias before batch norm is cancelled by it: its gradient is only rounding noise.
    self.convs = [keras.layers.Conv2D(self.width * 2 ** i, 5, strides=2, padding="same",
                                      use_bias=kind != "batch", kernel_initializer=_init(),
                                      name=f"conv_{i}") for i, kind in enumerate(kinds)]
    self.norms = [_norm(kind, f"norm_{i}") for i, kind in enumerate(kinds)]
    self.flatten = keras.layers.Flatten()
    self.logit = keras.layers.Dense(1, use_bias=self.logit_bias, kernel_initializer=_init(),
                                    name="logit")

  def hidden_features(self, x, labels=None, training=False):
    h = x * 2.0 - 1.0  # the paper's [-1, 1] input range
    for conv, norm in zip(self.convs, self.norms):
      h = ops.leaky_relu(norm(conv(h), training=training), negative_slope=0.2)
    return self.flatten(h)

  def head(self, h, labels=None, training=False):
    return ops.squeeze(self.logit(h), axis=-1)

  def get_config(self):
    config = super().get_config()
    config.update(image_size=self.image_size, width=self.width, norm=self.norm,
                  logit_bias=self.logit_bias)
    return config


def build(model_config, image_shape):
  """Builds (generator, discriminator) from `config.model`."""
  generator = DCGANGenerator(model_config.latent_dim, image_shape, width=model_config.g_width,
                             prior=model_config.prior, name="generator")
  discriminator = DCGANDiscriminator(image_shape[0], width=model_config.d_width,
                                     norm=model_config.d_norm,
                                     logit_bias=model_config.d_logit_bias,
                                     name="discriminator")
  return generator, discriminator


for _name, _dataset, _family in (("mnist_dcgan", "mnist", "dcgan"),
                                 ("fashion_mnist_dcgan", "fashion_mnist", "dcgan"),
                                 ("cifar10_dcgan", "cifar10", "dcgan"),
                                 ("celeba64_dcgan", "celeba64", "dcgan"),
                                 ("mnist_lsgan", "mnist", "lsgan"),
                                 ("fashion_mnist_wgan_gp", "fashion_mnist", "wgan_gp"),
                                 ("cifar10_wgan_gp", "cifar10", "wgan_gp"),
                                 ("stacked_mnist_dcgan", "stacked_mnist", "dcgan"),
                                 ("stacked_mnist_pacdcgan2", "stacked_mnist", "pacgan")):
  registry.register(_name, dataset=_dataset, paper=PAPERS[_family],
                    architecture="dcgan (conv)" + (", packed D (m = 2)" if "pac" in _name
                                                   else ""))(build)
