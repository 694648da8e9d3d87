"""Evaluation of an image-to-image model on the test split: inputs made by its pair
transform (zoo/data/pairs.py) from the test images, or read with them from a paired folder
(zoo/data/paired.py), outputs compared with those images.

  psnr, ssim       tf.image.psnr / tf.image.ssim against the targets (max value 1, SSIM's
                   11x11 Gaussian window of Wang et al. 2004), mean over images
  accuracy         the zoo classifier's accuracy on the outputs (does a digit upscaled x4
                   stay the same digit), beside its accuracy on the targets themselves
  fcd              Fréchet distance of the outputs' classifier features to the targets'

For `downscale:K` the same numbers for bicubic upscaling of the inputs are reported beside
the model's (`baselines.bicubic`): the number any super-resolution model has to beat.
"""
import numpy as np
import tensorflow as tf

from zoo import data
from zoo.data import paired, pairs
from zoo.evaluation import classifier, distances, features


def scores(outputs, targets, labels, space, reference=None):
  """{psnr, ssim, accuracy, fcd} of `outputs` against `targets` (floats in [0, 1]);
  `reference`: the targets' features in `space`, when already computed."""
  out, ref = tf.constant(outputs), tf.constant(targets)
  report = {"psnr": float(tf.reduce_mean(tf.image.psnr(out, ref, 1.0))),
            "ssim": float(tf.reduce_mean(tf.image.ssim(out, ref, 1.0)))}
  if space is not None:
    features, probs = space(outputs)
    reference = space(targets)[0] if reference is None else reference
    report["accuracy"] = float(np.mean(np.argmax(probs, 1) == labels))
    report["fcd"] = float(distances.frechet_distance_of(features, reference))
  return report


def evaluate(translate, transform, data_config, num_samples=None, classifier_dir=None,
             batch_size=256, progress=True):
  """The report of `translate` (images in [0, 1] -> images in [0, 1]) on the test split of
  `data_config`, inputs made by `transform` (a pair transform's name)."""
  transform = pairs.parse(transform) if isinstance(transform, str) else transform
  if transform.paired:  # the test pairs of a paired folder
    shape = data.info(data_config.name).image_shape
    joined, labels, desc = paired.load(data_config, "test", shape, transform.input_shape(shape))
    joined, labels = joined[:num_samples], labels[:num_samples]
    targets, sources = (x.astype(np.float32) / 255.0
                        for x in paired.split(joined, shape[-1], transform.factor))
  else:
    images, labels, desc = data.load(data_config, "test")
    images, labels = images[:num_samples], labels[:num_samples]
    targets = images.astype(np.float32) / 255.0
    sources = features.batched(transform, targets, batch_size)
  try:
    space = classifier.feature_space(data_config.name, classifier_dir)
  except (classifier.ClassifierNotFoundError, ValueError) as e:  # no classifier: pixels only
    print(f"No classifier metrics: {e}")
    space = None
  reference = None
  if space is not None:  # the targets' features, once for the model and the baseline
    reference, target_probs = space(targets)
  outputs = features.batched(translate, sources, batch_size, progress)
  report = {"data": desc, "num_samples": len(targets), "transform": transform.name,
            **scores(outputs, targets, labels, space, reference)}
  if space is not None:
    report["target_accuracy"] = float(np.mean(np.argmax(target_probs, 1) == labels))
    report["classifier"] = space.description
  if transform.factor > 1:
    size = targets.shape[1:3]
    bicubic = features.batched(lambda x: tf.clip_by_value(tf.image.resize(x, size, "bicubic"), 0, 1),
                       sources, batch_size)
    report["baselines"] = {"bicubic": scores(bicubic, targets, labels, space, reference)}
  return report


def evaluate_unpaired(translations, data_configs, num_samples=None, classifier_dirs=(None, None),
                      batch_size=256, spaces=None):
  """CycleGAN's report: for each direction (A -> B, B -> A), the FCD of the translated test
  images of one domain to the test images of the other, in the other's classifier space,
  beside the FCD of the untranslated images (how far the domains are apart to begin with).
  `spaces`: the two domains' feature spaces (default: their zoo classifiers)."""
  tests = [data.load(c, "test")[0][:num_samples].astype(np.float32) / 255.0
           for c in data_configs]
  report = {"data": [c.name for c in data_configs], "num_samples": len(tests[0])}
  spaces = spaces or [classifier.feature_space(c.name, d)
                      for c, d in zip(data_configs, classifier_dirs)]
  for (name, translate), source, target, space in zip(translations.items(), tests, tests[::-1],
                                                      spaces[::-1]):
    outputs = features.batched(translate, source, batch_size)
    reference = space(target)[0]
    report[name] = {"fcd": float(distances.frechet_distance_of(space(outputs)[0], reference)),
                    "fcd_untranslated": float(distances.frechet_distance_of(
                        space(source)[0], reference))}
  return report


def table(report):
  """The report as text: one row for the model, one per baseline."""
  keys = [k for k in ("psnr", "ssim", "accuracy", "fcd") if k in report]
  rows = [("model", report)] + list(report.get("baselines", {}).items())
  lines = [f"{report['transform']} on {report['num_samples']} test images ({report['data']})",
           f"{'':10s}" + "".join(f"{k:>12s}" for k in keys)]
  for name, values in rows:
    lines.append(f"{name:10s}" + "".join(f"{values[k]:12.4f}" for k in keys))
  if "target_accuracy" in report:
    lines.append(f"classifier accuracy on the targets themselves: "
                 f"{report['target_accuracy']:.4f}")
  return "\n".join(lines)
