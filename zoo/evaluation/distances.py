"""Sample-quality metrics on feature vectors, in float64 NumPy so that they are exact and
independent of any network: Fréchet distance (FID when the features are Inception-v3's),
kernel inception distance, k-NN precision and recall, and the Inception score."""
import numpy as np


def statistics(features):
  """(mean [d], covariance [d, d]) of features [n, d]."""
  features = np.asarray(features, np.float64)
  return features.mean(axis=0), np.cov(features, rowvar=False)


def frechet_distance(mu1, sigma1, mu2, sigma2):
  """||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2)): the Fréchet (Wasserstein-2) distance
  between N(mu1, S1) and N(mu2, S2) (Dowson & Landau 1982; FID, Heusel et al. 2017).

  Tr((S1 S2)^(1/2)) is the sum of the square roots of the eigenvalues of the symmetric
  S1^(1/2) S2 S1^(1/2), which has the same spectrum and avoids a complex sqrtm.
  """
  mu1, mu2 = np.atleast_1d(mu1), np.atleast_1d(mu2)
  sigma1, sigma2 = np.atleast_2d(sigma1), np.atleast_2d(sigma2)
  values, vectors = np.linalg.eigh(sigma1)
  root1 = (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T
  middle = root1 @ sigma2 @ root1
  trace_root = np.sqrt(np.clip(np.linalg.eigvalsh((middle + middle.T) / 2), 0, None)).sum()
  return float(np.sum((mu1 - mu2) ** 2) + np.trace(sigma1) + np.trace(sigma2)
               - 2.0 * trace_root)


def frechet_distance_of(features1, features2):
  """Fréchet distance between the Gaussians fitted to two feature sets."""
  return frechet_distance(*statistics(features1), *statistics(features2))


def _polynomial_kernel(a, b):
  return (a @ b.T / a.shape[1] + 1.0) ** 3


def kernel_inception_distance(real, fake, num_subsets=100, subset_size=1000, seed=0):
  """Unbiased MMD^2 with the cubic kernel k(a, b) = (a.b / d + 1)^3 (KID, Bińkowski et al.
  2018), averaged over random subsets of `subset_size`. Returns (mean, std over subsets)."""
  real, fake = np.asarray(real, np.float64), np.asarray(fake, np.float64)
  m = min(subset_size, len(real), len(fake))
  if m < 2:
    raise ValueError(f"KID needs at least 2 samples per set, got {len(real)} and {len(fake)}.")
  rng = np.random.default_rng(seed)
  values = []
  for _ in range(num_subsets):
    x = real[rng.choice(len(real), m, replace=False)]
    y = fake[rng.choice(len(fake), m, replace=False)]
    k_xx, k_yy = _polynomial_kernel(x, x), _polynomial_kernel(y, y)
    within = ((k_xx.sum() - np.trace(k_xx)) + (k_yy.sum() - np.trace(k_yy))) / (m * (m - 1))
    values.append(within - 2.0 * _polynomial_kernel(x, y).mean())
  return float(np.mean(values)), float(np.std(values))


def squared_distances(a, b):
  """||a_i - b_j||^2 for rows a [n, d] and b [m, d]: an [n, m] array."""
  return np.maximum((a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * a @ b.T, 0.0)


def _knn_radii(features, k, batch_size):
  """Squared distance from each feature to its k-th nearest other feature."""
  radii = np.empty(len(features))
  for start in range(0, len(features), batch_size):
    d = squared_distances(features[start:start + batch_size], features)
    radii[start:start + batch_size] = np.partition(d, k, axis=1)[:, k]  # index 0 is itself
  return radii


def _fraction_inside(points, centers, radii, batch_size):
  """Fraction of `points` inside at least one ball (center, radius) of the manifold."""
  inside = 0
  for start in range(0, len(points), batch_size):
    d = squared_distances(points[start:start + batch_size], centers)
    inside += int(np.any(d <= radii[None, :], axis=1).sum())
  return inside / len(points)


def precision_recall(real, fake, k=3, batch_size=1000):
  """Improved precision and recall (Kynkäänniemi et al. 2019): each set's manifold is the
  union of balls reaching each feature's k-th nearest neighbour; precision is the fraction
  of fake features inside the real manifold, recall of real ones inside the fake manifold."""
  real, fake = np.asarray(real, np.float64), np.asarray(fake, np.float64)
  if min(len(real), len(fake)) <= k:
    raise ValueError(f"precision/recall with k={k} needs more than {k} samples per set, got "
                     f"{len(real)} real and {len(fake)} generated.")
  precision = _fraction_inside(fake, real, _knn_radii(real, k, batch_size), batch_size)
  recall = _fraction_inside(real, fake, _knn_radii(fake, k, batch_size), batch_size)
  return precision, recall


def inception_score(probs, splits=10):
  """exp(E_x KL(p(y|x) || p(y))) over `splits` equal parts (Salimans et al. 2016): high when
  each sample is classified confidently and the classes are diverse (at most the class
  count). Returns (mean, std over splits)."""
  probs = np.asarray(probs, np.float64)
  scores = []
  for part in np.array_split(probs, splits):
    marginal = part.mean(axis=0, keepdims=True)
    kl = np.sum(part * (np.log(part + 1e-12) - np.log(marginal + 1e-12)), axis=1)
    scores.append(np.exp(kl.mean()))
  return float(np.mean(scores)), float(np.std(scores))
