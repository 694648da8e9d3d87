"""Evaluation of generators: sample-quality metrics on features (distances.py), the Parzen
window log-likelihood of Goodfellow et al. 2014 (parzen.py), mode coverage of the toy
mixtures (modes.py), the feature extractors (inception.py, classifier.py), and the run
that puts them together for `zoo.evaluate` and the in-training callback (runner.py)."""
