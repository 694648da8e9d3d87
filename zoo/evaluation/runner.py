"""Evaluates a generator against its dataset's test split: draws samples, extracts features
once per feature space, and computes the asked-for metrics (zoo/evaluation/metrics.py).
One Evaluator serves many evaluations (the in-training callback), keeping the real data's
features."""
import time

import numpy as np
from absl import logging

from zoo import data
from zoo import errors
from zoo.data import stacked, toy
from zoo.evaluation import classifier, distances, features, inception, metrics as metrics_lib
from zoo.evaluation import modes, parzen, reference

PARZEN_VALIDATION = 1000  # the validation images that choose sigma (parzen_ll.py's limit)
# Metrics of a network beside G, which only some sources have: {metric: (Source field, why)}.
MODEL_METRICS = {"d_half": ("discriminator", "the discriminator, which an export does not "
                            "hold; evaluate the run with --workdir"),
                 "ssl_error": ("classify", "a semi-supervised D's classes (mnist_ssgan's "
                               "runs and exports, with their `classify` signature)")}


class EvaluationError(errors.UserError, ValueError):
  """A request that cannot give a trustworthy number; the message says what to change."""


class Evaluator:
  """`evaluator(source)` -> report dict. `feature_spaces` overrides the networks (tests)."""

  def __init__(self, data_config, metrics=None, num_samples=10_000, seed=0,
               inception_weights=None, classifier_dir=None, feature_spaces=None,
               progress=True):
    self.data_config = data_config
    self.info = data.info(data_config.name)
    self.explicit = bool(metrics)
    self.metrics = list(metrics or metrics_lib.defaults(
        self.info, own_data=data_config.get("source") in reference.OWN_DATA))
    try:
      metrics_lib.check(self.metrics, self.info.name, self.info.kind)
    except ValueError as e:
      raise EvaluationError(str(e)) from None
    self.num_samples, self.seed, self.progress = int(num_samples), seed, progress
    self.inception_weights, self.classifier_dir = inception_weights, classifier_dir
    self.spaces = dict(feature_spaces or {})
    self._real = self._validation = None
    self._real_features = {}

  def _space(self, name):
    if name not in self.spaces:
      try:
        self.spaces[name] = (inception.feature_space(self.inception_weights)
                             if name == metrics_lib.INCEPTION
                             else classifier.feature_space(self.info.name, self.classifier_dir))
      except inception.InceptionWeightsError as e:
        raise EvaluationError(f"{e} Without them, these metrics apply here: "
                              f"{', '.join(self._without_inception())} (--metrics=...).") from None
      except classifier.ClassifierNotFoundError as e:
        raise EvaluationError(str(e)) from None
    return self.spaces[name]

  def _without_inception(self):
    """The metrics for this dataset that need no Inception-v3 weights."""
    usable = []
    for name, metric in metrics_lib.METRICS.items():
      try:
        metrics_lib.check([name], self.info.name, self.info.kind)
      except ValueError:
        continue
      if metric.features != metrics_lib.INCEPTION and name not in MODEL_METRICS:
        usable.append(name)
    return usable

  def _needed_spaces(self):
    return sorted({metrics_lib.METRICS[m].features for m in self.metrics} - {""})

  def prepare(self):
    """Loads the data, the networks and the real features now, so that a missing piece
    fails before any sampling (or training)."""
    if self._real is None:
      self._real, self._real_labels, desc = data.load(self.data_config, "test")
      logging.info("Evaluation data: %s", desc)
      if self.info.kind == "image":
        self._real = self._real.astype(np.float32) / 255.0
    if "parzen" in self.metrics and self._validation is None:
      train, _, _ = data.load(self.data_config, "train")
      self._validation = train[-PARZEN_VALIDATION:].astype(np.float32) / 255.0
    cache = reference.key(self.data_config, "test", self.info.image_shape)
    for name in self._needed_spaces():
      if name not in self._real_features:
        features = reference.load(cache, name) if cache else None
        if features is None:
          features = self._space(name)(self._real, self.progress)[0]
          if cache:
            reference.save(cache, name, features)
        self._real_features[name] = features
        self._check_count(name, len(self._real), "real test images")
    self._check_count(None, self.num_samples, "samples (--num_samples)")

  def _check_count(self, space, count, what):
    spaces = [space] if space else self._needed_spaces()
    for name in spaces:
      dim = self._real_features[name].shape[1]
      if count <= dim:
        raise EvaluationError(
            f"Too few {what} for a stable Fréchet distance on {name} features: {count} for "
            f"{dim}-d features (the covariance needs more than {dim}). Use at least "
            f"{max(dim + 1, 10_000)} (FID papers use 10,000 to 50,000).")

  def _stacked_modes(self, fake):
    """Each channel read by the zoo's MNIST classifier, then the triples' histogram."""
    if "mnist_digits" not in self.spaces:
      try:
        self.spaces["mnist_digits"] = classifier.feature_space("mnist", self.classifier_dir)
      except classifier.ClassifierNotFoundError as e:
        raise EvaluationError(str(e)) from None
    read = self.spaces["mnist_digits"]
    digits = np.stack([read(fake[..., i:i + 1], self.progress)[1].argmax(-1)
                       for i in range(3)], axis=1)
    return stacked.mode_histogram(digits)

  def _applicable(self, source):
    """The asked-for metrics `source` can give: one that needs a network the source lacks
    is dropped from the defaults, and refused when asked for by name."""
    wanted = list(self.metrics)
    if getattr(source, "classify", None) is not None and not self.explicit:
      wanted.append("ssl_error")
    for name, (field, need) in MODEL_METRICS.items():
      if name in wanted and getattr(source, field) is None:
        if self.explicit:
          raise EvaluationError(f"{name} needs {need}.")
        wanted.remove(name)
    return wanted

  def __call__(self, source):
    """The report of `source` (zoo/evaluation/sources.py): metrics, details, counts."""
    start = time.time()
    self.prepare()
    wanted = self._applicable(source)
    fake = None
    if set(wanted) - {"ssl_error"}:
      if self.progress:
        logging.info("Drawing %d samples from %s.", self.num_samples, source.origin)
      fake = source.sample(self.num_samples, self.seed, self.progress)
    results, details = {}, {}
    fake_features = {name: self._space(name)(fake, self.progress)
                     for name in {metrics_lib.METRICS[m].features for m in wanted} - {""}}
    for name in wanted:
      metric = metrics_lib.METRICS[name]
      space = metric.features
      real_f = self._real_features.get(space)
      fake_f, fake_p = fake_features.get(space, (None, None))
      if name in ("fid", "fcd"):
        values = [distances.frechet_distance_of(real_f, fake_f)]
      elif name in ("inception_score", "classifier_score"):
        values = distances.inception_score(fake_p)
      elif name in ("kid", "kid_classifier"):
        values = distances.kernel_inception_distance(real_f, fake_f, seed=self.seed)
      elif name.startswith("precision_recall"):
        n = min(len(real_f), len(fake_f))  # equal set sizes, as the paper compares them
        values = distances.precision_recall(real_f[:n], fake_f[:n])
      elif name == "parzen":
        if self.progress:
          logging.info("Parzen window: sigma from %d validation images, then %d test images.",
                       len(self._validation), len(self._real))
        details["parzen"] = parzen.parzen_evaluation(fake, self._validation, self._real)
        values = [details["parzen"][k] for k in ("log_likelihood", "standard_error", "sigma")]
      elif name == "modes":
        mixture = toy.MIXTURES[self.info.name]
        details["modes"] = modes.mode_coverage(fake, mixture.centers, mixture.std)
        values = [details["modes"][k] for k in metric.keys]
      elif name == "stacked_modes":
        details["stacked_modes"] = self._stacked_modes(fake)
        values = [details["stacked_modes"][k] for k in ("modes", "kl")]
      elif name == "ssl_error":
        probabilities = features.batched(source.classify, self._real, 1000)
        values = [float(np.mean(probabilities.argmax(-1) != self._real_labels))]
        details["ssl_error"] = {"errors": int(round(values[0] * len(self._real))),
                                "test_examples": len(self._real)}
      else:  # d_half
        x = np.concatenate([self._real[:5000], fake[:5000]]).astype(np.float32)
        values = [modes.distance_from_one_half(source.discriminator(x))]
      results.update(zip(metric.keys, (float(v) for v in values)))
    details["feature_spaces"] = {n: self.spaces[n].description for n in fake_features}
    return {"model": source.model, "origin": source.origin, "step": source.step,
            "dataset": self.info.name,
            "num_samples": 0 if fake is None else self.num_samples,
            "real": f"test split, {len(self._real)} examples", "metrics": results,
            "details": details, "seconds": round(time.time() - start, 1)}


def table(report):
  """The report's metrics as aligned text lines."""
  width = max(len(k) for k in report["metrics"]) if report["metrics"] else 0
  lines = [f"{report['model']} (step {report['step']}) on {report['dataset']}, "
           f"{report['num_samples']} samples vs {report['real']}:"]
  lines += [f"  {k.ljust(width)}  {v:.6g}" for k, v in report["metrics"].items()]
  return "\n".join(lines)
