"""Runs a TF.js export in Node (zoo/web/run_node.js) with the tfjs npm package's pure
JavaScript CPU backend: the parity check of an export and the benchmark use it."""
import json
import os
import pathlib
import shutil
import subprocess

import numpy as np

WEB = pathlib.Path(__file__).resolve().parent.parent / "web"
TFJS_VERSION = "4.22.0"
INSTALL = (f"npm pack @tensorflow/tfjs@{TFJS_VERSION} and unpack it into "
           "~/.cache/zoo/tfjs (tools/setup.sh does)")


def library():
  """tf.min.js of the tfjs npm package: $ZOO_TFJS, or ~/.cache/zoo/tfjs/package/dist."""
  home = pathlib.Path(os.environ.get("ZOO_DATA_HOME", pathlib.Path.home() / ".cache" / "zoo"))
  path = pathlib.Path(os.environ.get("ZOO_TFJS", home / "tfjs" / "package" / "dist" /
                                     "tf.min.js"))
  return path if path.is_file() else None


def missing():
  """Why TF.js exports cannot be run here (one line), or None when they can."""
  if shutil.which("node") is None:
    return "Node.js is not installed (apt-get install nodejs)"
  if library() is None:
    return f"the TF.js library is not found: {INSTALL}"
  return None


def run(model_dir, inputs, num_classes=0, repeat=1):
  """{"images": float32 array, "seconds": [per call]} of the graph model in `model_dir` on
  numpy `inputs` (z, and labels of a model of `num_classes` classes), called `repeat` times."""
  from zoo.serving.portable import FormatError
  reason = missing()
  if reason:
    raise FormatError(f"cannot run the TF.js copy: {reason}")
  z = np.asarray(inputs["z"], np.float32)
  request = {"meta": {"num_classes": int(num_classes)},  # latent_dim: the model's input
             "z": z.tolist(), "repeat": int(repeat)}
  if "labels" in inputs:
    request["labels"] = np.asarray(inputs["labels"]).tolist()
  result = subprocess.run(["node", str(WEB / "run_node.js"), str(library()), str(model_dir)],
                          input=json.dumps(request), capture_output=True, text=True,
                          timeout=600)
  if result.returncode != 0:
    lines = result.stderr.strip().splitlines() or ["no output"]
    raise FormatError(f"the TF.js copy failed in Node: {lines[-1][:300]}")
  answer = json.loads(result.stdout)
  return {"images": np.asarray(answer["images"], np.float32).reshape(answer["shape"]),
          "seconds": answer["seconds"]}
