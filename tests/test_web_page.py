"""The page of zoo-serve-page in a real browser: headless Chromium draws the samples of a
TF.js export from a seed, and the canvas's pixels equal the SavedModel's images for the same
latents. Skips (one line) when Chromium is not installed; .ci/run installs it."""
import contextlib
import html
import json
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import urllib.error
import urllib.request

import numpy as np
import pytest
import tensorflow as tf

from zoo import errors
from zoo.serving import page_server, saved_model
from tests import helpers

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@contextlib.contextmanager
def _serving(path, **options):
  """The page server of export `path` on a free port, in a thread, for the block."""
  server = page_server.make_server(path, port=0, **options)
  threading.Thread(target=server.serve_forever, daemon=True).start()
  try:
    yield server
  finally:
    server.shutdown()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
  generator = helpers.build_generator("mnist_cgan")  # conditional: one class per row
  return saved_model.export_generator(generator, tmp_path_factory.mktemp("web") / "cgan",
                                      formats=["tfjs"])


@pytest.fixture(scope="module")
def page(exported):
  with _serving(exported) as server:
    yield exported, f"http://127.0.0.1:{server.server_address[1]}"


def _browse(url, *args):
  # A profile of its own: two Chromiums on one profile (tests run in parallel) hand over to
  # each other.
  with tempfile.TemporaryDirectory() as profile:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=30000",
         f"--user-data-dir={profile}", *args, url], capture_output=True, text=True,
        timeout=120)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install "
                    "chromium; .ci/run does)")
def test_canvas_pixels_equal_the_saved_models_images(page):
  path, url = page
  dom = _browse(f"{url}/?test=1&rows=3&seed=5", "--dump-dom").stdout
  status = re.search(r'<div id="status">([^<]*)<', dom)
  assert status and not status.group(1), status and status.group(1)
  result = json.loads(html.unescape(re.search(r'<pre id="result"[^>]*>([^<]*)<', dom)
                                    .group(1)))
  z = np.asarray(result["z"], np.float32)
  assert z.shape == (24, 8) and result["labels"] == [i // 8 for i in range(24)]
  serve = tf.saved_model.load(str(path)).signatures["serving_default"]
  expected = serve(z=tf.constant(z), labels=tf.constant(result["labels"]))["images_uint8"]
  tiles = np.asarray(expected)[..., 0].reshape(3, 8, 28, 28).transpose(0, 2, 1, 3)
  canvas = np.asarray(result["red"], np.int32).reshape(result["height"], result["width"])
  assert canvas.std() > 0
  assert np.abs(canvas - tiles.reshape(84, 224)).max() <= 1, result["backend"]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_seed_in_the_address_changes_the_samples(page):
  _, url = page
  grids = [json.loads(html.unescape(re.search(r'<pre id="result"[^>]*>([^<]*)<', _browse(
      f"{url}/?test=1&rows=1&seed={seed}", "--dump-dom").stdout).group(1)))["z"]
      for seed in (1, 1, 2)]
  assert grids[0] == grids[1] and grids[0] != grids[2]


def test_server_serves_the_page_and_nothing_else(page):
  path, url = page
  index = urllib.request.urlopen(f"{url}/").read().decode()
  assert "tfjs/tf.min.js" in index and "cdn" not in index.lower()
  meta = json.loads(urllib.request.urlopen(f"{url}/model/zoo.json").read())
  assert meta["formats"]["tfjs"]["path"] == "tfjs/model.json"
  for bad in ("/model/../saved_model.pb", "/etc/passwd", "/static/../../zoo.json"):
    with pytest.raises(urllib.error.HTTPError, match="404"):
      urllib.request.urlopen(url + bad)


def test_an_idle_connection_is_closed_after_the_timeout(exported):
  """Each connection holds a thread: one that sends nothing must not hold it forever."""
  with _serving(exported, timeout=0.5) as server:
    with socket.create_connection(server.server_address, timeout=10) as idle:
      assert idle.recv(1) == b""  # closed by the server; without its timeout, recv times out


def test_an_export_without_a_tfjs_copy_is_refused(tmp_path):
  path = saved_model.export_generator(helpers.build_generator("mnist_mlp"), tmp_path / "m")
  with pytest.raises(errors.NotFoundError, match="has no TF.js copy.*--formats=saved_model,"
                     "tfjs"):
    page_server.make_server(path, port=0)
