"""One config per registered model (`configs/<name>.py`); installed as zoo/configs."""
