"""Registry of models: a name resolves to its dataset, architecture builder and paper.

Architectures register themselves beside their definition with `@register(...)`; configs
live in `configs/<name>.py`. Unknown names fail with the registered names closest to them.
"""
import dataclasses
import difflib
import importlib.util
import pathlib
from typing import Callable

from zoo import errors

def _config_dir():
  """configs/: inside the installed package (zoo/configs, pyproject's package-dir mapping),
  else at the top of the repository checkout this package runs from."""
  package = pathlib.Path(__file__).resolve().parent.parent
  installed = package / "configs"
  return installed if installed.is_dir() else package.parent / "configs"


CONFIG_DIR = _config_dir()

_REGISTRY: dict[str, "ModelSpec"] = {}
# What trains the generator: an adversary (objectives/gan.py), MMD (objectives/gmmn.py) or
# the ELBO (objectives/vae.py); a translation model maps images to images
# (objectives/translation.py).
KINDS = ("gan", "gmmn", "vae", "translation")


@dataclasses.dataclass(frozen=True)
class ModelSpec:
  """What a registered name stands for.

  `build(config.model, image_shape)` returns the `(generator, second network)` pair. The
  second network depends on `kind` (KINDS): the discriminator of a GAN, the encoder of a
  VAE, GMMN+AE's encoder, or None for a GMMN in data space.
  """
  name: str
  dataset: str
  architecture: str
  paper: str
  build: Callable
  kind: str = "gan"

  @property
  def config_path(self) -> pathlib.Path:
    return CONFIG_DIR / f"{self.name}.py"

  def default_config(self, arg=None):
    """Loads `get_config()` from `configs/<name>.py`."""
    path = self.config_path
    if not path.exists():
      raise FileNotFoundError(f"Model {self.name!r} is registered but has no config at {path}.")
    return load_config_module(path).get_config(arg)


def load_config_module(path):
  """Executes the config file at `path` and returns it as a module."""
  path = pathlib.Path(path)
  spec = importlib.util.spec_from_file_location(f"zoo_configs.{path.stem}", path)
  module = importlib.util.module_from_spec(spec)
  spec.loader.exec_module(module)
  return module


class UnknownModelError(errors.UserError, KeyError):
  """A model name that is not registered."""

  def __str__(self):
    return self.args[0]


def register(name: str, *, dataset: str, architecture: str, paper: str, kind: str = "gan"):
  """Decorator registering an architecture builder under `name`."""
  if kind not in KINDS:
    raise ValueError(f"Model {name!r}: kind must be one of {KINDS}, got {kind!r}.")

  def decorator(build):
    if name in _REGISTRY:
      raise ValueError(f"Model {name!r} is registered twice.")
    _REGISTRY[name] = ModelSpec(name, dataset, architecture, paper, build, kind)
    return build

  return decorator


def names() -> list[str]:
  return sorted(_REGISTRY)


def get(name: str) -> ModelSpec:
  """Returns the spec for `name`, or raises UnknownModelError naming close matches."""
  if name in _REGISTRY:
    return _REGISTRY[name]
  close = difflib.get_close_matches(name, _REGISTRY, n=3, cutoff=0.5)
  hint = f" Did you mean: {', '.join(close)}?" if close else ""
  raise UnknownModelError(
      f"Unknown model {name!r}.{hint} Registered models: {', '.join(sorted(_REGISTRY))} "
      "(`python -m zoo.list` describes them).")
