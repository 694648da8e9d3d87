"""Projects images into an export's latent space (its `project` signature):
python -m zoo.project --saved_model=DIR (--images=a.png,b.png | --dataset=mnist:test[:16])
                      [--num_steps=500] [--seed=0] [--out=project.png]

Writes a grid (one row per image: the image | G(z*)) and project.json beside it with each
image's loss and PSNR of G(z*) against it. Needs no model code: the search runs in the
SavedModel (zoo/serving/queries.py).
"""
from absl import flags

from zoo.cli import common as cli
from zoo.cli import query_inputs

FLAGS = flags.FLAGS


def define_flags():
  query_inputs.define_flags("project.png")


def main(argv):
  del argv
  from zoo import api  # after flag parsing: TensorFlow is slow to import
  generator = api.load(FLAGS.saved_model)
  images, labels, names = query_inputs.read_images(generator.metadata["image_shape"])
  out = generator.project(images, FLAGS.num_steps, FLAGS.seed,
                          labels if generator.conditional else None)
  psnr = query_inputs.psnr(out["images"], images)
  query_inputs.write_report([images, out["images"]], FLAGS.out, names, out["loss"], psnr,
                            "psnr", saved_model=FLAGS.saved_model, num_steps=FLAGS.num_steps,
                            seed=FLAGS.seed)


def run():
  """zoo-project."""
  cli.run(main, define_flags)


if __name__ == "__main__":
  run()
