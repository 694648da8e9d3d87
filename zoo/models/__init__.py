"""Architecture families; importing this package registers every built-in model."""
from zoo.models import cgan  # noqa: F401  (mnist/fashion_mnist cgan, projection variant)
from zoo.models import dcgan  # noqa: F401  (mnist/fashion_mnist dcgan, lsgan, wgan_gp)
from zoo.models import mlp  # noqa: F401  (mnist_mlp, fashion_mnist_mlp)
