#!/usr/bin/env python3
"""Serve a folder (the built JupyterLite site) as a JupyterHub service, at /services/<name>/.

    python lite_service.py --port 8090 /srv/claimlab/build/lite

JupyterHub starts it (see ``lite_service`` in claimlab_spawner.py) with ``JUPYTERHUB_SERVICE_PREFIX``
set (e.g. ``/services/lite/``); the hub's proxy sends it requests with that prefix still on the path,
which this server takes off before serving the file. It listens on 127.0.0.1 only (the proxy is the
way in), serves files and nothing else (no listing of folders without an index.html), and needs only
Python's standard library (http.server). The site is public, as on any static host: it holds no
learner's data (JupyterLite keeps answers in each browser).
"""
from __future__ import annotations

import argparse
import functools
import os
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class PrefixedFiles(SimpleHTTPRequestHandler):
    """Files of one folder, under a path prefix."""

    prefix = "/"
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".ipynb": "application/json",
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".whl": "application/octet-stream"}

    def _strip(self) -> bool:
        if self.path == self.prefix.rstrip("/"):
            self.send_response(301)
            self.send_header("Location", self.prefix)
            self.end_headers()
            return False
        if not self.path.startswith(self.prefix):
            self.send_error(404)
            return False
        self.path = "/" + self.path[len(self.prefix):]
        return True

    def do_GET(self):  # noqa: N802 - http.server's names
        if self._strip():
            super().do_GET()

    def do_HEAD(self):  # noqa: N802
        if self._strip():
            super().do_HEAD()

    def list_directory(self, path):
        self.send_error(404)
        return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", help="the folder to serve (the built JupyterLite site)")
    parser.add_argument("--port", type=int, default=8090)
    args = parser.parse_args(argv)
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
    handler = type("Handler", (PrefixedFiles,), {"prefix": prefix if prefix.endswith("/") else prefix + "/"})
    server = ThreadingHTTPServer(("127.0.0.1", args.port), functools.partial(handler, directory=args.folder))
    server.serve_forever()


if __name__ == "__main__":
    main()
