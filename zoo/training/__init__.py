"""A training run: the trainer, its callbacks, checkpoints, the workdir lock, strategies."""
