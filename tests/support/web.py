"""The product's web server (bot.web.server.WebServer: the one app, its headers, uvicorn) serving on a free
port of 127.0.0.1 from a thread with its own event loop (bot.web.server.in_thread, as the console runs it)
while a test's block runs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from starlette.routing import BaseRoute

from bot.web.server import WebServer, in_thread


@contextmanager
def served(routes: Iterable[BaseRoute] = (), server: WebServer | None = None) -> Iterator[str]:
    """`server` (else one made of `routes`), listening on a free port unless it listens already: its base URL
    ("http://127.0.0.1:PORT") while the block runs; stopped after it."""
    server = server or WebServer(routes)
    port = server.ports[0] if server.ports else server.listen("127.0.0.1", 0)
    with in_thread(server):
        yield f"http://127.0.0.1:{port}"
