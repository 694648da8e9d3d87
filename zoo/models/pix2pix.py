"""pix2pix (Isola et al. 2017, "Image-to-Image Translation with Conditional Adversarial
Networks", arXiv:1611.07004): a U-Net G and a conditional PatchGAN D.

G: images [B, H, W, c] in [0, 1] -> encoder of 4x4 stride-2 convs (width w, 2w, 4w, ...;
   LeakyReLU 0.2, batch norm after the first) down to the smallest even grid, decoder of
   4x4 stride-2 transposed convs (batch norm, dropout 0.5 in the innermost `dropout_layers`,
   ReLU), each joined to the encoder layer of its size (the U-Net's skips) -> tanh ->
   images [B, H, W, C] in [0, 1]. The paper's 256x256 G has 8 levels of up to 512 channels.
D: (input, image) joined along channels [B, H, W, c + C] -> `strided` 4x4 stride-2 convs
   (width w, 2w, ...), a 4x4 stride-1 conv of 8w... as the paper's 70x70 PatchGAN
   (C64-C128-C256-C512) -> one logit per patch [B, h, w]: each judges the realness of
   its receptive field, and the loss averages over patches.
Batch norm is synchronized across replicas (models/layers.py).
"""
import keras
from keras import ops

from zoo.models import base, registry
from zoo.models.layers import BatchNormalization

PAPER = "Isola et al. 2017, pix2pix (arXiv:1611.07004)"


def _levels(size, most):
  """Stride-2 levels of a U-Net on `size`: halving while the grid stays even, at most `most`."""
  n = 0
  while n < most and size % 2 ** (n + 1) == 0:
    n += 1
  return n


@keras.saving.register_keras_serializable(package="zoo")
class UNetGenerator(base.Translator):
  """images [B, H, W, c] -> images [B, H, W, C], both in [0, 1]."""

  def __init__(self, source_shape, image_shape, width=64, max_levels=8, dropout_layers=3,
               **kwargs):
    super().__init__(source_shape, image_shape, **kwargs)
    self.width, self.max_levels = int(width), int(max_levels)
    self.dropout_layers = int(dropout_layers)
    if self.source_shape[:2] != self.image_shape[:2]:
      raise ValueError(f"The U-Net keeps the image size: source {self.source_shape} and "
                       f"image {self.image_shape} differ.")
    self.levels = _levels(self.image_shape[0], self.max_levels)
    if self.levels == 0:
      raise ValueError(f"The U-Net halves the image at least once: {self.image_shape[0]} is odd.")
    widths = [self.width * 2 ** min(i, 3) for i in range(self.levels)]
    conv = lambda w, name: keras.layers.Conv2D(w, 4, strides=2, padding="same",
                                               use_bias=False, name=name)
    self.down = [conv(w, f"down_{i}") for i, w in enumerate(widths)]
    self.down_norms = [keras.layers.Identity(name="down_norm_0")] + [
        BatchNormalization(name=f"down_norm_{i}") for i in range(1, self.levels)]
    up_widths = widths[:-1][::-1]
    self.up = [keras.layers.Conv2DTranspose(w, 4, strides=2, padding="same", use_bias=False,
                                            name=f"up_{i}") for i, w in enumerate(up_widths)]
    self.up_norms = [BatchNormalization(name=f"up_norm_{i}") for i in range(len(up_widths))]
    self.dropouts = [keras.layers.Dropout(0.5 if i < self.dropout_layers else 0.0,
                                          name=f"dropout_{i}") for i in range(len(up_widths))]
    self.to_pixels = keras.layers.Conv2DTranspose(self.image_shape[-1], 4, strides=2,
                                                  padding="same", name="pixels")

  def call(self, x, labels=None, training=False):
    del labels
    h, skips = x * 2.0 - 1.0, []
    for conv, norm in zip(self.down, self.down_norms):
      h = ops.leaky_relu(norm(conv(h), training=training), negative_slope=0.2)
      skips.append(h)
    for up, norm, dropout, skip in zip(self.up, self.up_norms, self.dropouts, skips[-2::-1]):
      h = ops.relu(dropout(norm(up(h), training=training), training=training))
      h = ops.concatenate([h, skip], axis=-1)
    return ops.tanh(self.to_pixels(h)) * 0.5 + 0.5

  def get_config(self):
    return {**super().get_config(), "width": self.width, "max_levels": self.max_levels,
            "dropout_layers": self.dropout_layers}


@keras.saving.register_keras_serializable(package="zoo")
class PatchDiscriminator(base.Discriminator):
  """(input ++ image) [B, H, W, c + C] (or the image alone) in [0, 1] -> logits [B, h, w],
  one per patch."""

  NORMS = ("batch", "instance")

  def __init__(self, width=64, strided=3, norm="batch", conditional=True, **kwargs):
    """`conditional`: D sees (input ++ image) and objectives/translation.py joins them
    (pix2pix); else the image alone (CycleGAN). `norm`: batch (pix2pix) or instance."""
    super().__init__(**kwargs)
    self.width, self.strided, self.norm = int(width), int(strided), norm
    self.conditional_on_source = bool(conditional)
    if norm not in self.NORMS:
      raise ValueError(f"norm must be one of {self.NORMS}, got {norm!r}.")
    widths = [self.width * 2 ** min(i, 3) for i in range(self.strided + 1)]
    self.convs = [keras.layers.Conv2D(w, 4, strides=2 if i < self.strided else 1,
                                      padding="same", use_bias=i == 0, name=f"conv_{i}")
                  for i, w in enumerate(widths)]
    make_norm = (BatchNormalization if norm == "batch" else
                 lambda name: keras.layers.GroupNormalization(groups=-1, epsilon=1e-5, name=name))
    self.norms = [keras.layers.Identity(name="norm_0")] + [
        make_norm(name=f"norm_{i}") for i in range(1, len(widths))]
    self.logit = keras.layers.Conv2D(1, 4, padding="same", name="logit")

  def hidden_features(self, x, labels=None, training=False):
    h = x * 2.0 - 1.0
    for conv, norm in zip(self.convs, self.norms):
      h = ops.leaky_relu(norm(conv(h), training=training), negative_slope=0.2)
    return h

  def head(self, h, labels=None, training=False):
    return ops.squeeze(self.logit(h), axis=-1)

  def get_config(self):
    return {**super().get_config(), "width": self.width, "strided": self.strided,
            "norm": self.norm, "conditional": self.conditional_on_source}


def build(model_config, image_shape):
  """(U-Net G, PatchGAN D) for images of `image_shape`; inputs of `model_config.source_channels`
  channels (default: the image's)."""
  source = (*image_shape[:2], model_config.get("source_channels", image_shape[-1]))
  generator = UNetGenerator(source, image_shape, width=model_config.g_width,
                            max_levels=model_config.levels,
                            dropout_layers=model_config.dropout_layers, name="generator")
  return generator, PatchDiscriminator(width=model_config.d_width,
                                       strided=model_config.d_strided, name="discriminator")


registry.register("fashion_mnist_pix2pix_edges", dataset="fashion_mnist",
                  architecture="pix2pix (u-net, patchgan)", paper=PAPER,
                  kind="translation")(build)
