"""The product's web server (bot.web.server.WebServer: the one app, its headers, uvicorn) serving on a free
port of 127.0.0.1 from a thread with its own event loop (bot.web.server.in_thread, as the console runs it)
while a test's block runs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from starlette.routing import BaseRoute

from bot.web.server import WebServer, in_thread


def forgeries(token: str) -> list[str]:
    """Tokens made from a signed `token` ("id.signature", URL-safe base64 without padding) as someone without the
    secret would: a character of the signature or of the id changed, the signature cut or dropped, junk added.
    Changed characters are a first one, whose six bits are all data: a last character carries padding bits, so
    changing it may decode to the same bytes and be the same token (that is not a forgery)."""
    row, _, signature = token.partition(".")

    def other(char: str) -> str:
        return "A" if char != "A" else "B"

    return [
        f"{row}.{other(signature[0])}{signature[1:]}",
        f"{other(row[0])}{row[1:]}.{signature}",
        f"{row}.{signature[:-4]}",
        row,
        f"{row}.x",
        token + "x",
        "khong-co",
    ]


@contextmanager
def served(routes: Iterable[BaseRoute] = (), server: WebServer | None = None) -> Iterator[str]:
    """`server` (else one made of `routes`), listening on a free port unless it listens already: its base URL
    ("http://127.0.0.1:PORT") while the block runs; stopped after it."""
    server = server or WebServer(routes)
    port = server.ports[0] if server.ports else server.listen("127.0.0.1", 0)
    with in_thread(server):
        yield f"http://127.0.0.1:{port}"
