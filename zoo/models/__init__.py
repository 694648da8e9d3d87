"""Architecture families; importing this package registers every built-in model."""
from zoo.models import cgan  # noqa: F401  (mnist/fashion_mnist cgan, projection variant)
from zoo.models import dcgan  # noqa: F401  (dcgan, lsgan, wgan_gp on each dataset)
from zoo.models import gmmn  # noqa: F401  (mnist_gmmn, mnist_gmmn_ae)
from zoo.models import mlp  # noqa: F401  (mnist_mlp, fashion_mnist_mlp)
from zoo.models import resnet  # noqa: F401  (cifar10_sngan)
from zoo.models import toy  # noqa: F401  (gaussian_1d, ring8, grid25)
from zoo.models import vae  # noqa: F401  (mnist_vae, fashion_mnist_vae)
