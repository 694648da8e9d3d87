"""Fills in the unknown pixels of images from an export's generator (its `inpaint`
signature):
python -m zoo.inpaint --saved_model=DIR (--images=a.png,b.png | --dataset=mnist:test[:16])
                      --mask=bottom_half|left_half|center|random:0.5|FILE.png
                      [--num_steps=500] [--seed=0] [--out=inpaint.png]

Writes a grid (one row per image: original | masked, unknown pixels grey | completed) and
inpaint.json beside it with each image's loss and the PSNR of the filled region against the
original.
"""
from absl import flags

from zoo import errors
from zoo.cli import common as cli
from zoo.cli import query_inputs

FLAGS = flags.FLAGS


def define_flags():
  query_inputs.define_flags("inpaint.png")
  flags.DEFINE_string("mask", "bottom_half", "Which pixels are unknown: bottom_half, "
                      "left_half, center, random:F (fraction F), or a PNG (nonzero = known).")


def main(argv):
  del argv
  from zoo import api  # after flag parsing: TensorFlow is slow to import
  from zoo.data import masks
  generator = api.load(FLAGS.saved_model)
  images, labels, names = query_inputs.read_images(generator.metadata["image_shape"])
  try:
    mask = masks.make(FLAGS.mask, len(images), *images.shape[1:3], seed=FLAGS.seed)
  except (ValueError, FileNotFoundError) as e:
    raise errors.InvalidInputError(f"--mask: {e}") from None
  out = generator.inpaint(images, mask, FLAGS.num_steps, FLAGS.seed,
                          labels if generator.conditional else None)
  psnr = query_inputs.psnr(out["images"], images, 1.0 - mask)
  masked = images * mask + 0.5 * (1.0 - mask)
  query_inputs.write_report([images, masked, out["images"]], FLAGS.out, names, out["loss"],
                            psnr, "psnr_filled", saved_model=FLAGS.saved_model,
                            mask=FLAGS.mask, num_steps=FLAGS.num_steps, seed=FLAGS.seed)


def run():
  """zoo-inpaint."""
  cli.run(main, define_flags)


if __name__ == "__main__":
  run()
