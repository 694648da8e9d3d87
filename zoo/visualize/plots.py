"""Plots for the low-dimensional models, as uint8 RGB arrays (written like sample grids).

1-D (Goodfellow et al. 2014, Figure 1): the data density p_data and the model's p_g as
histograms, and the discriminator D(x) as a curve, which should flatten at 1/2.
2-D: generated points over the data's modes (the mode-collapse picture of Metz et al. 2017).
"""
import numpy as np


def _figure():
  from matplotlib.backends.backend_agg import FigureCanvasAgg
  from matplotlib.figure import Figure
  fig = Figure(figsize=(4.8, 4.0), dpi=100)
  FigureCanvasAgg(fig)  # renders off-screen, whatever matplotlib's default backend
  return fig


def _to_array(fig):
  fig.tight_layout()
  fig.canvas.draw()
  return np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()


def plot_1d(samples, reference, discriminator=None, title=""):
  """p_data (`reference`), p_g (`samples`) and, given a function x [n, 1] -> D(x) [n],
  the discriminator's output."""
  fig = _figure()
  ax = fig.add_subplot()
  reference, samples = np.ravel(reference), np.ravel(samples)
  low = min(reference.min(), samples.min()) - 1.0
  high = max(reference.max(), samples.max()) + 1.0
  bins = np.linspace(low, high, 81)
  ax.hist(reference, bins=bins, density=True, alpha=0.5, color="k", label="p_data")
  ax.hist(samples, bins=bins, density=True, alpha=0.5, color="g", label="p_g")
  if discriminator is not None:
    xs = np.linspace(low, high, 400, dtype=np.float32)
    ax.plot(xs, discriminator(xs[:, None]), "b--", label="D(x)")
    ax.axhline(0.5, color="b", lw=0.5)
  ax.set_xlim(low, high)
  ax.set_title(title)
  ax.legend(loc="upper left", fontsize=8)
  return _to_array(fig)


def plot_2d(samples, reference, title=""):
  """Generated points (green) over data points (black)."""
  fig = _figure()
  ax = fig.add_subplot()
  ax.scatter(reference[:, 0], reference[:, 1], s=2, c="k", alpha=0.3, label="data")
  ax.scatter(samples[:, 0], samples[:, 1], s=2, c="g", alpha=0.5, label="G(z)")
  span = np.abs(reference).max() * 1.3
  ax.set_xlim(-span, span)
  ax.set_ylim(-span, span)
  ax.set_aspect("equal")
  ax.set_title(title)
  ax.legend(loc="upper right", fontsize=8, markerscale=4)
  return _to_array(fig)


def plot(samples, reference, discriminator=None, title=""):
  """The plot for points of any supported dimension (1 or 2)."""
  dim = np.shape(samples)[-1]
  if dim == 1:
    return plot_1d(samples, reference, discriminator, title)
  if dim == 2:
    return plot_2d(samples, reference, title)
  raise ValueError(f"Plots exist for 1-D and 2-D points, got {dim}-D.")
