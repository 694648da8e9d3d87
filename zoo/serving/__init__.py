"""Exports: atomic SavedModels in TF Serving's layout, their signatures and warmup requests,
and the client behind `zoo.load`."""
