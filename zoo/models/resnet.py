"""ResNet G and D of SNGAN (Miyato et al. 2018, "Spectral Normalization for Generative
Adversarial Networks", arXiv:1802.05957, appendix B.4, the CIFAR-10 models; the blocks of
Gulrajani et al. 2017).

G: z (128-d) -> dense to 4x4xW -> residual up-blocks (BN, ReLU, 2x nearest upsample,
   3x3 conv, BN, ReLU, 3x3 conv; 1x1 conv shortcut) to the image size -> BN, ReLU,
   3x3 conv, tanh -> images [batch, H, W, C] in [0, 1]. W = 256 in the paper.
D: an optimized first down-block, one more down-block, two plain blocks (all W = 128
   channels), ReLU, global sum pooling, dense -> logits [batch]; every conv and the dense
   layer are spectrally normalized (zoo.models.layers.SpectralNormalization).
"""
import keras
from keras import ops

from zoo.models import registry
from zoo.models import base
from zoo.models.layers import BatchNormalization, SpectralNormalization

PAPER = "Miyato et al. 2018, Spectral Normalization for GANs (arXiv:1802.05957)"


def _conv(filters, kernel, name, sn):
  conv = keras.layers.Conv2D(filters, kernel, padding="same", name=name,
                             kernel_initializer="glorot_uniform")
  return SpectralNormalization(conv, name=f"sn_{name}") if sn else conv


def _up_blocks(size):
  n, side = 0, size
  while side > 4:
    if side % 2:
      raise ValueError(f"The SNGAN ResNet needs an image size of 4 * 2^n, got {size}.")
    side, n = side // 2, n + 1
  if side != 4:
    raise ValueError(f"The SNGAN ResNet needs an image size of 4 * 2^n, got {size}.")
  return n


class _UpBlock(keras.layers.Layer):
  def __init__(self, filters, **kwargs):
    super().__init__(**kwargs)
    self.bn1 = BatchNormalization(name="bn1")
    self.bn2 = BatchNormalization(name="bn2")
    self.conv1, self.conv2 = _conv(filters, 3, "conv1", False), _conv(filters, 3, "conv2", False)
    self.shortcut = _conv(filters, 1, "shortcut", False)

  def up(self, x):
    """Nearest-neighbour 2x, as UpSampling2D(2), whose repeat-based graph loses the static
    shape that the TFLite converter needs for the convolutions after it."""
    return ops.image.resize(x, (2 * x.shape[1], 2 * x.shape[2]), interpolation="nearest")

  def call(self, x, training=False):
    h = self.conv1(self.up(ops.relu(self.bn1(x, training=training))))
    h = self.conv2(ops.relu(self.bn2(h, training=training)))
    return h + self.shortcut(self.up(x))


class _DownBlock(keras.layers.Layer):
  """Pre-activation residual block; `first` is SNGAN's optimized block on the raw image."""

  def __init__(self, filters, downsample=True, first=False, **kwargs):
    super().__init__(**kwargs)
    self.downsample, self.first = downsample, first
    self.conv1, self.conv2 = _conv(filters, 3, "conv1", True), _conv(filters, 3, "conv2", True)
    self.shortcut = _conv(filters, 1, "shortcut", True) if downsample or first else None
    self.pool = keras.layers.AveragePooling2D(2)

  def call(self, x, training=False):
    h = x if self.first else ops.relu(x)
    h = self.conv2(ops.relu(self.conv1(h, training=training)), training=training)
    if self.downsample:
      h = self.pool(h)
    if self.shortcut is None:
      return h + x
    if self.first:
      return h + self.shortcut(self.pool(x), training=training)
    s = self.shortcut(x, training=training)
    return h + (self.pool(s) if self.downsample else s)


@keras.saving.register_keras_serializable(package="zoo")
class ResNetGenerator(base.Generator):
  """z [batch, latent_dim] -> images [batch, H, W, C] in [0, 1]."""

  def __init__(self, latent_dim, image_shape, width=256, prior="normal", **kwargs):
    super().__init__(latent_dim, image_shape, prior, **kwargs)
    self.width = int(width)
    n = _up_blocks(self.image_shape[0])
    self.project = keras.layers.Dense(4 * 4 * self.width, name="project")
    self.to_grid = keras.layers.Reshape((4, 4, self.width))
    self.blocks = [_UpBlock(self.width, name=f"up_{i}") for i in range(n)]
    self.bn = BatchNormalization(name="bn")
    self.to_pixels = _conv(self.image_shape[-1], 3, "pixels", False)

  def call(self, z, labels=None, training=False):
    h = self.to_grid(self.project(z))
    for block in self.blocks:
      h = block(h, training=training)
    h = ops.relu(self.bn(h, training=training))
    return ops.tanh(self.to_pixels(h)) * 0.5 + 0.5

  def get_config(self):
    return {**super().get_config(), "width": self.width}


@keras.saving.register_keras_serializable(package="zoo")
class ResNetDiscriminator(base.Discriminator):
  """images [batch, H, W, C] in [0, 1] -> logits [batch]."""

  def __init__(self, width=128, **kwargs):
    super().__init__(**kwargs)
    self.width = int(width)
    self.blocks = [_DownBlock(self.width, first=True, name="down_0"),
                   _DownBlock(self.width, name="down_1"),
                   _DownBlock(self.width, downsample=False, name="block_2"),
                   _DownBlock(self.width, downsample=False, name="block_3")]
    self.logit = SpectralNormalization(keras.layers.Dense(1, name="logit"), name="sn_logit")

  def hidden_features(self, x, labels=None, training=False):
    h = x * 2.0 - 1.0
    for block in self.blocks:
      h = block(h, training=training)
    return ops.sum(ops.relu(h), axis=(1, 2))

  def head(self, h, labels=None, training=False):
    return ops.squeeze(self.logit(h, training=training), axis=-1)

  def get_config(self):
    return {**super().get_config(), "width": self.width}


@registry.register("cifar10_sngan", dataset="cifar10", architecture="resnet (spectral norm D)",
                   paper=PAPER)
def build(model_config, image_shape):
  """Builds (generator, discriminator) from `config.model`."""
  return (ResNetGenerator(model_config.latent_dim, image_shape, width=model_config.g_width,
                          prior=model_config.prior, name="generator"),
          ResNetDiscriminator(model_config.d_width, name="discriminator"))
