"""The `classify` signature of a semi-supervised GAN's export (models/ssgan.py): `images`
float32 [N, H, W, C] in [0, 1] -> `probabilities` float32 [N, K] (softmax of D's K class
logits) and `classes` int32 [N]. The images are checked in the graph (shape, finite,
[0, 1], at most max_num per request) like every other input of an export."""
import numpy as np
import tensorflow as tf

from zoo.serving.signatures import checked_images


class ClassifySignature:
  """`classifier` has `classify(images, training)` -> class logits."""

  def __init__(self, classifier, image_shape, max_num):
    self.classifier = classifier
    self.image_shape = tuple(int(d) for d in image_shape)
    self.max_num = int(max_num)

  def endpoints(self):
    return {"classify": (self._classify, [tf.TensorSpec([None, *self.image_shape], tf.float32,
                                                        name="images")])}

  def warmup_requests(self):
    return [("classify", {"images": np.full((2, *self.image_shape), 0.5, np.float32)})]

  def _classify(self, images):
    images = checked_images(images, self.image_shape, self.max_num)
    logits = tf.cast(self.classifier.classify(images, training=False), tf.float32)
    return {"probabilities": tf.nn.softmax(logits),
            "classes": tf.argmax(logits, axis=-1, output_type=tf.int32)}
