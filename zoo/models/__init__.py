"""Networks by family, and the registry of named models. Importing this package (as any
`zoo.models.registry` import does) registers every built-in model: each family file
registers its models beside their definitions."""
from zoo.models import registry  # noqa: F401  (first: the families register into it)
from zoo.models import cgan  # noqa: F401  (mnist/fashion_mnist cgan, projection variant)
from zoo.models import cyclegan  # noqa: F401  (cyclegan_mnist_fashion)
from zoo.models import dcgan  # noqa: F401  (dcgan, lsgan, wgan_gp on each dataset)
from zoo.models import gmmn  # noqa: F401  (mnist_gmmn, mnist_gmmn_ae)
from zoo.models import mlp  # noqa: F401  (mnist_mlp, fashion_mnist_mlp)
from zoo.models import pix2pix  # noqa: F401  (fashion_mnist_pix2pix_edges)
from zoo.models import resnet  # noqa: F401  (cifar10_sngan)
from zoo.models import srgan  # noqa: F401  (mnist_srgan_x4, fashion_mnist_srgan_x4)
from zoo.models import ssgan  # noqa: F401  (mnist_ssgan)
from zoo.models import stylegan2  # noqa: F401  (StyleGAN2 on fashion_mnist, cifar10, ...)
from zoo.models import toy  # noqa: F401  (gaussian_1d, ring8, grid25)
from zoo.models import vae  # noqa: F401  (mnist_vae, fashion_mnist_vae)
