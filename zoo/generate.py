"""Writes a PNG grid from an exported SavedModel, through its signatures alone:
python -m zoo.generate --saved_model=DIR [--num=64] [--seed=0] [--out=grid.png]

Imports no model code: any SavedModel with a `sample(num, seed)` signature, or a
`serving_default(z)` one (then z ~ N(0, 1)), works.
"""
import numpy as np
import tensorflow as tf
from absl import app, flags, logging

from zoo import images as image_lib

flags.DEFINE_string("saved_model", None, "Export directory (…/export/<model>/<version>).",
                    required=True)
flags.DEFINE_integer("num", 64, "How many images.", lower_bound=1)
flags.DEFINE_integer("seed", 0, "Sampling seed: the same seed gives the same images.")
flags.DEFINE_string("out", "grid.png", "Output PNG path.")
FLAGS = flags.FLAGS


def generate(saved_model_dir, num, seed):
  """Returns images float32 [num, H, W, C] in [0, 1] from the export's signatures."""
  try:
    loaded = tf.saved_model.load(saved_model_dir)
  except OSError as e:
    raise FileNotFoundError(f"No SavedModel at {saved_model_dir!r}: {e}") from None
  if "sample" in loaded.signatures:
    out = loaded.signatures["sample"](num=tf.constant(num, tf.int32),
                                      seed=tf.constant(seed, tf.int64))
  else:
    serve = loaded.signatures["serving_default"]
    latent_dim = serve.structured_input_signature[1]["z"].shape[-1]
    z = np.random.default_rng(seed).standard_normal((num, latent_dim)).astype(np.float32)
    out = serve(z=tf.constant(z))
  return out["images"].numpy()


def main(argv):
  del argv
  images = generate(FLAGS.saved_model, FLAGS.num, FLAGS.seed)
  image_lib.write_png(FLAGS.out, image_lib.grid(images))
  logging.info("Wrote %d images %s to %s", len(images), images.shape[1:], FLAGS.out)
  print(FLAGS.out)


if __name__ == "__main__":
  app.run(main)
