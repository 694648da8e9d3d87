"""What trains a generator: the GAN, GMMN and VAE keras.Models with their train_step, the
losses, and the optimizers."""
