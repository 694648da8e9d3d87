"""A local web server for the page of a TF.js export (zoo/web): the page, the tfjs npm
bundle and the export's tfjs/ copy and zoo.json, nothing else, so it works offline."""
import functools
import http.server
import mimetypes
import pathlib

from zoo import errors
from zoo.serving import client, tfjs_runtime

WEB = tfjs_runtime.WEB


def routes(saved_model):
  """{URL path: file} for a version directory written with --formats=tfjs."""
  saved_model = pathlib.Path(saved_model)
  tfjs_dir = saved_model / "tfjs"
  if not (tfjs_dir / "model.json").is_file():
    raise errors.NotFoundError(
        f"{saved_model} has no TF.js copy (tfjs/model.json); export it with zoo-export "
        "--workdir=W --formats=saved_model,tfjs.")
  library = tfjs_runtime.library()
  if library is None:
    raise errors.NotFoundError(f"The TF.js library is missing: {tfjs_runtime.INSTALL}.")
  files = {"/": WEB / "index.html", "/tfjs/tf.min.js": library,
           "/model/zoo.json": saved_model / client.METADATA}
  files.update({f"/static/{name}": WEB / name for name in ("generator.js", "page.js")})
  files.update({f"/model/tfjs/{p.name}": p for p in tfjs_dir.iterdir() if p.is_file()})
  return files


class _Handler(http.server.BaseHTTPRequestHandler):

  def __init__(self, *args, files, timeout, **kwargs):
    self.files = files
    self.timeout = timeout  # an idle or slow client gives up its thread after this many seconds
    super().__init__(*args, **kwargs)

  def do_GET(self):  # noqa: N802 (http.server's name)
    path = self.files.get(self.path.split("?", 1)[0])
    if path is None:
      self.send_error(404, "not part of the page")
      return
    body = path.read_bytes()
    self.send_response(200)
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text")
                                             or kind.endswith("javascript") else ""))
    self.send_header("Content-Length", str(len(body)))
    self.end_headers()
    self.wfile.write(body)

  def log_message(self, format, *args):  # noqa: A002 (http.server's name); quiet per request
    pass


def make_server(saved_model, host="127.0.0.1", port=8000, timeout=30.0):
  """An HTTP server (call serve_forever) for the page of `saved_model`; port 0 picks one.
  A connection that sends nothing for `timeout` seconds is closed."""
  handler = functools.partial(_Handler, files=routes(saved_model), timeout=timeout)
  return http.server.ThreadingHTTPServer((host, port), handler)
