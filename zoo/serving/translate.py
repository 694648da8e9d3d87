"""The signatures of an image-to-image export: `translate` (and `serving_default`, the same
function) maps `images` float32 [N, h, w, c] in [0, 1] to `images` [N, H, W, C] in [0, 1]
and `images_uint8`; a CycleGAN export also has `translate_a_to_b` (the same again) and
`translate_b_to_a`. Checked in the graph: the shape, finite values within [0, 1], and at
most `max_num` images per request (the cap set at export, zoo.json max_num).
"""
import json

import numpy as np
import tensorflow as tf

from absl import logging

from zoo.serving import archive, signatures, warmup


class TranslateSignatures:
  """`translate` and `serving_default` of a translator G (models.base.Translator), and
  both directions of a CycleGAN pair (a G with `forward` and `backward`)."""

  def __init__(self, generator, max_num):
    self.source_shape = tuple(generator.source_shape)
    self._max_num = int(max_num)
    self.directions = {"translate": generator, "serving_default": generator}
    if hasattr(generator, "backward"):
      self.directions.update(translate_a_to_b=generator.forward,
                             translate_b_to_a=generator.backward)

  @property
  def names(self):
    return tuple(self.directions)

  def endpoints(self):
    return {name: (self._endpoint(network), [tf.TensorSpec(
        [None, *network.source_shape], tf.float32, name="images")])
            for name, network in self.directions.items()}

  def _endpoint(self, network):
    def translate(images):
      return self.translate(images, network)
    return translate

  def check(self, images, shape):
    return signatures.checked_images(images, shape, self._max_num)

  def translate(self, images, network):
    out = tf.cast(network(self.check(images, tuple(network.source_shape)), training=False),
                  tf.float32)
    return {"images": out, "images_uint8": signatures.to_uint8(out)}


def write(tmp, generator, model_name, metadata, max_num):
  """A translator's SavedModel, zoo.json and warmup requests into `tmp`, checked by a
  load."""
  translate = TranslateSignatures(generator, max_num)
  archive.write(tmp, [generator], translate.endpoints())
  meta = dict(metadata or {}, kind="translation", signatures=list(translate.names),
              source_shape=list(translate.source_shape), image_shape=list(generator.image_shape),
              value_range=[0.0, 1.0], max_num=int(max_num), num_classes=0, formats={})
  path = tmp / "assets.extra" / "zoo.json"
  path.parent.mkdir(exist_ok=True)
  path.write_text(json.dumps(meta, indent=2))
  requests = [(name, {"images": np.full((2, *network.source_shape), 0.5, np.float32)})
              for name, network in translate.directions.items()]
  if not warmup.write_requests(tmp, model_name, requests):
    logging.warning("No TF Serving warmup file: tensorflow-serving-api is not installed.")
  loaded = tf.saved_model.load(str(tmp))
  out = loaded.signatures["translate"](images=tf.fill([2, *translate.source_shape], 0.5))
  if out["images"].shape != (2, *generator.image_shape) or not np.all(
      np.isfinite(out["images"].numpy())):
    raise RuntimeError(f"Export check failed: translate gave {out['images'].shape}, expected "
                       f"{(2, *generator.image_shape)} with finite values.")
