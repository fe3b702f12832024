"""uvicorn serving the one web application (bot.web.app) inside the bot's own event loop, on every address
asked for: Telegram's webhook port, Zalo's, the health port. The same app answers on each.

A channel asks for its address while it starts (`listen`): the socket is bound at once, so its port is known
(0 asks for a free one) and a post that comes before the server serves waits in the socket's backlog. The
server serves once every channel has added its routes (`start`), and `stop` ends it within a few seconds.

uvicorn's own signal handling is off (the bot handles SIGINT and SIGTERM itself, bot/cli/run.py), its access
log too (a file link's path holds its signature), and its other lines go to the product's log as they are
(no logging config of its own).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
from collections.abc import Iterable, Iterator

import uvicorn
from starlette.routing import BaseRoute

from bot.web.app import WebApp, web_app

log = logging.getLogger(__name__)
GRACE = 5  # seconds a request in flight may take to finish once the server stops


class _InLoopServer(uvicorn.Server):
    """uvicorn's Server without its signal handlers: signal.signal would replace the bot's own."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class WebServer:
    """The routes first (`add`), the addresses (`listen`), then `start` and, at the end, `stop`."""

    def __init__(self, routes: Iterable[BaseRoute] = ()) -> None:
        self.routes: list[BaseRoute] = list(routes)
        self.sockets: list[socket.socket] = []
        self.app: WebApp | None = None
        self._server: _InLoopServer | None = None
        self._task: asyncio.Task[None] | None = None

    def add(self, *routes: BaseRoute) -> None:
        """More routes, Route or Mount (the board, the feeds), tried after those added before."""
        if self.app is not None:
            raise RuntimeError("routes are added before the server starts")
        self.routes.extend(routes)

    def listen(self, host: str, port: int) -> int:
        """Binds host:port now (once per port: a second ask for the same port gets the first socket) and
        returns the port, the free one chosen when 0 was asked."""
        for sock in self.sockets:
            if port and sock.getsockname()[1] == port:
                return port
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.create_server((host, port), family=family, backlog=128)
        self.sockets.append(sock)
        return sock.getsockname()[1]

    @property
    def ports(self) -> list[int]:
        return [sock.getsockname()[1] for sock in self.sockets]

    async def start(self) -> None:
        """Serves the routes on every bound socket, until `stop`; nothing to do without a socket."""
        if not self.sockets:
            return
        self.app = web_app(self.routes)
        # access_log=False only empties the access logger's handlers: any handler added later (a test's
        # capture) would turn it back on, and its lines name every path, file links' signatures included
        logging.getLogger("uvicorn.access").disabled = True
        config = uvicorn.Config(self.app, log_config=None, access_log=False, lifespan="off", ws="none",
                                server_header=False, timeout_graceful_shutdown=GRACE)
        self._server = _InLoopServer(config)
        self._task = asyncio.create_task(self._server.serve(sockets=self.sockets))
        while not self._server.started and not self._task.done():
            await asyncio.sleep(0.01)
        if self._task.done():  # it could not start: say why here, not in a task nobody awaits
            self._task.result()
            raise RuntimeError("the web server stopped as it started")
        log.info("HTTP server on port %s (%s)", ", ".join(map(str, self.ports)), ", ".join(self._paths()))

    async def stop(self) -> None:
        """Stops taking requests, lets those in flight finish (within GRACE), closes the sockets."""
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for sock in self.sockets:
            sock.close()
        self.sockets, self._server, self._task = [], None, None  # a second stop has nothing to do

    def _paths(self) -> list[str]:
        return sorted(getattr(route, "path", "?") or "/" for route in self.routes)


@contextlib.contextmanager
def in_thread(server: WebServer) -> Iterator[None]:
    """The server serving from a thread with its own event loop while the block runs, for a caller that has no
    loop of its own (the console's chat reads its lines with input()); stopped after the block."""
    started, stop, failed = threading.Event(), asyncio.Event(), []

    async def serve() -> None:
        try:
            await server.start()
        except Exception as problem:  # said in the caller's thread, below
            failed.append(problem)
            return
        finally:
            started.set()
        await stop.wait()
        await server.stop()

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True, name="web")
    thread.start()
    try:
        if not started.wait(30):
            raise RuntimeError("the web server did not start")
        if failed:
            raise failed[0]
        yield
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(30)
        loop.close()
