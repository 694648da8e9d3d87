"""Serves a web page for an export's TF.js copy:
python -m zoo.serve_page --saved_model=DIR [--port=8000] [--host=127.0.0.1]

DIR is a version directory written with `zoo-export --formats=...,tfjs`. Open the printed
address: a grid of samples from a seed, a walk between two clicked samples, the class of a
conditional model. The page, the TF.js library (the tfjs npm package) and the model all come
from this server: it works offline.
"""
from absl import flags

from zoo.cli import common as cli

FLAGS = flags.FLAGS


def define_flags():
  flags.DEFINE_string("saved_model", None, "Export version directory with a tfjs/ copy.",
                      required=True)
  flags.DEFINE_string("host", "127.0.0.1", "Address to listen on (0.0.0.0: every interface).")
  flags.DEFINE_integer("port", 8000, "Port (0: any free one).", lower_bound=0)


def main(argv):
  del argv
  from zoo.serving import page_server
  server = page_server.make_server(FLAGS.saved_model, FLAGS.host, FLAGS.port)
  host, port = server.server_address[:2]
  print(f"Serving {FLAGS.saved_model} at http://{host}:{port}/ (Ctrl-C stops)", flush=True)
  try:
    server.serve_forever()
  except KeyboardInterrupt:
    pass


def run():
  """zoo-serve-page."""
  cli.run(main, define_flags)


if __name__ == "__main__":
  run()
