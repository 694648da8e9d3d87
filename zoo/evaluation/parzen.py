"""Parzen-window log-likelihood, as Goodfellow et al. 2014 (Table 1) report it and as their
released parzen_ll.py computes it: a Gaussian kernel density with one bandwidth sigma is
fitted to generated samples, sigma is chosen by the mean log-likelihood of a validation set
(10 values in [0.1, 1], log-spaced), and the test set's mean log-likelihood is reported with
its standard error, in nats, on pixels in [0, 1]. A rough estimate in high dimension
(Theis et al. 2016), kept because it is how the paper and GMMN paper compare models."""
import numpy as np

from zoo.evaluation import distances

DEFAULT_SIGMAS = tuple(np.logspace(-1, 0, 10))


def _flat(x):
  x = np.asarray(x, np.float64)
  return x.reshape(len(x), -1)


def _logmeanexp(a, axis):
  top = a.max(axis=axis, keepdims=True)
  return (top + np.log(np.mean(np.exp(a - top), axis=axis, keepdims=True))).squeeze(axis)


def log_likelihoods(samples, data, sigmas, batch_size=500):
  """log p(x) for each x of `data` [n, ...] under the kernel density of `samples` [m, ...],
  for each bandwidth: an array [len(sigmas), n].

  log p(x) = logmeanexp_i(-||x - s_i||^2 / (2 sigma^2)) - d log(sigma sqrt(2 pi)).
  """
  samples, data = _flat(samples), _flat(data)
  sigmas = np.asarray(sigmas, np.float64)
  d = samples.shape[1]
  out = np.empty((len(sigmas), len(data)))
  for start in range(0, len(data), batch_size):
    sq = distances.squared_distances(data[start:start + batch_size], samples)
    for j, sigma in enumerate(sigmas):
      out[j, start:start + batch_size] = (_logmeanexp(-sq / (2 * sigma ** 2), axis=1)
                                          - d * np.log(sigma * np.sqrt(2 * np.pi)))
  return out


def parzen_evaluation(samples, validation, test, sigmas=DEFAULT_SIGMAS):
  """Chooses sigma on `validation`, then scores `test`. Returns a dict: log_likelihood (mean
  over test, nats), standard_error (std / sqrt(n)), sigma, and the validation mean per
  sigma."""
  validation_ll = log_likelihoods(samples, validation, sigmas).mean(axis=1)
  best = int(np.argmax(validation_ll))
  ll = log_likelihoods(samples, test, [sigmas[best]])[0]
  return {"log_likelihood": float(ll.mean()),
          "standard_error": float(ll.std() / np.sqrt(len(ll))),
          "sigma": float(sigmas[best]),
          "validation_log_likelihood": {f"{s:.4g}": float(v)
                                        for s, v in zip(sigmas, validation_ll)}}
