"""The product's web server (bot.web.server.WebServer: the one app, its headers, uvicorn) serving on a free
port of 127.0.0.1 from a thread with its own event loop, as the bot runs it in its own loop, while a test's
block runs."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from starlette.routing import BaseRoute

from bot.web.server import WebServer


@contextmanager
def served(routes: Iterable[BaseRoute] = (), server: WebServer | None = None) -> Iterator[str]:
    """`server` (else one made of `routes`), listening on a free port unless it listens already: its base URL
    ("http://127.0.0.1:PORT") while the block runs; stopped after it."""
    server = server or WebServer(routes)
    port = server.ports[0] if server.ports else server.listen("127.0.0.1", 0)
    started, stop = threading.Event(), None

    async def serve() -> None:
        nonlocal stop
        stop = asyncio.Event()
        await server.start()
        started.set()
        await stop.wait()
        await server.stop()

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    try:
        assert started.wait(30), "the web server did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        if stop is not None:
            loop.call_soon_threadsafe(stop.set)
        thread.join(30)
        loop.close()
