"""Pictures of samples: PNG grids of images, plots of the toy distributions."""
