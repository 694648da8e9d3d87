"""The metrics `zoo.evaluate` and the in-training callback know: which feature space each
needs, the keys it reports, and which way is better. No TensorFlow here, so config
validation can read it."""
import dataclasses

INCEPTION, CLASSIFIER = "inception", "classifier"


@dataclasses.dataclass(frozen=True)
class Metric:
  name: str
  keys: tuple            # what it adds to the report; keys[0] is its primary value
  higher_is_better: bool
  features: str = ""     # INCEPTION, CLASSIFIER, or "" (pixels / points / D)
  help: str = ""


METRICS = {m.name: m for m in (
    Metric("fid", ("fid",), False, INCEPTION, "Fréchet Inception distance"),
    Metric("inception_score", ("inception_score", "inception_score_std"), True, INCEPTION,
           "Inception score"),
    Metric("kid", ("kid", "kid_std"), False, INCEPTION, "kernel Inception distance"),
    Metric("precision_recall", ("precision", "recall"), True, INCEPTION,
           "k-NN precision and recall on Inception features"),
    Metric("fcd", ("fcd",), False, CLASSIFIER, "Fréchet classifier distance"),
    Metric("classifier_score", ("classifier_score", "classifier_score_std"), True, CLASSIFIER,
           "Inception score with the zoo's classifier"),
    Metric("kid_classifier", ("kid_classifier", "kid_classifier_std"), False, CLASSIFIER,
           "KID on the classifier's features"),
    Metric("precision_recall_classifier", ("precision_classifier", "recall_classifier"), True,
           CLASSIFIER, "k-NN precision and recall on the classifier's features"),
    Metric("parzen", ("parzen_log_likelihood", "parzen_standard_error", "parzen_sigma"), True,
           "", "Parzen-window log-likelihood of the test split, nats (Goodfellow et al. 2014)"),
    Metric("modes", ("modes_covered", "high_quality_fraction", "num_modes",
                     "modes_with_a_sample"), True, "",
           "modes covered, high-quality samples, modes with one (toy mixtures)"),
    Metric("ssl_error", ("ssl_error",), False, "",
           "test error of a semi-supervised D's classes (mnist_ssgan)"),
    Metric("stacked_modes", ("stacked_modes", "stacked_kl"), True, "",
           "Stacked MNIST: digit triples covered (of 1,000) and KL to uniform, by the zoo's "
           "MNIST classifier on each channel"),
    Metric("d_half", ("d_distance_from_half",), False, "",
           "mean |D(x) - 1/2| over data and samples (1-D toy; needs --workdir)"),
)}

# The datasets the zoo trains a classifier for (zoo/evaluation/classifier.py).
CLASSIFIER_DATASETS = ("mnist", "fashion_mnist")


def defaults(ds_info, own_data=False):
  """The metrics evaluated when none are asked for, for a zoo.data.DatasetInfo; `own_data`:
  the images come from the user's folder, where the zoo's classifiers mean nothing."""
  if ds_info.kind == "points":
    return ["modes", "d_half"] if tuple(ds_info.image_shape) == (1,) else ["modes"]
  if own_data:
    return ["fid", "kid", "precision_recall"]
  if ds_info.name == "stacked_mnist":
    return ["stacked_modes"]
  if ds_info.name in CLASSIFIER_DATASETS:
    return ["fcd", "classifier_score", "kid_classifier", "precision_recall_classifier",
            "parzen"]
  return ["fid", "inception_score", "kid", "precision_recall"]


def check(names, dataset, kind):
  """Raises ValueError naming an unknown metric or one that does not apply to `dataset`."""
  for name in names:
    if name not in METRICS:
      raise ValueError(f"Unknown metric {name!r}; known: {', '.join(METRICS)}.")
    metric = METRICS[name]
    if kind == "points" and name not in ("modes", "d_half"):
      raise ValueError(f"Metric {name!r} needs images; {dataset} is a toy dataset of points "
                       "(use modes, d_half).")
    if kind != "points" and name in ("modes", "d_half"):
      raise ValueError(f"Metric {name!r} is for the toy mixtures, not {dataset}.")
    if name == "stacked_modes" and dataset != "stacked_mnist":
      raise ValueError(f"Metric {name!r} is for stacked_mnist, not {dataset}.")
    if metric.features == CLASSIFIER and dataset not in CLASSIFIER_DATASETS:
      raise ValueError(f"Metric {name!r} needs the zoo's classifier, which exists for "
                       f"{', '.join(CLASSIFIER_DATASETS)} only; use fid, inception_score, kid "
                       f"or precision_recall for {dataset}.")


def direction(key):
  """True if a larger value of report key `key` is better."""
  for metric in METRICS.values():
    if key in metric.keys:
      return metric.higher_is_better
  raise KeyError(f"No metric reports {key!r}.")
