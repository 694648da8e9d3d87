"""Architecture families; importing this package registers every built-in model."""
from zoo.models import mlp  # noqa: F401  (registers mnist_mlp, fashion_mnist_mlp)
