"""The bot's own small HTTP server, on h11: Telegram's webhook, /healthz, /readyz and /metrics on one port,
and Zalo's webhook and file links on another. A route may demand a secret header: a request without it is
refused with 403 before its body is read. A route whose path ends in "/" takes every path below it."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import h11

log = logging.getLogger(__name__)
MAX_BODY = 1_000_000


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: Mapping[bytes, bytes]
    body: bytes = b""


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()  # more than the type: content-disposition, cache-control


Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class Route:
    method: str
    handler: Handler
    secret_header: bytes = b""
    secret: bytes = b""


class HttpServer:
    def __init__(self, routes: Mapping[str, Route]) -> None:
        self.routes = dict(routes)
        self._server: asyncio.Server | None = None

    async def start(self, host: str, port: int) -> int:
        """Listens; returns the port (useful when 0 asked for a free one)."""
        self._server = await asyncio.start_server(self._connection, host, port)
        return self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connection = h11.Connection(h11.SERVER)
        try:
            response = await asyncio.wait_for(self._answer(connection, reader), 30)
        except (TimeoutError, ConnectionError, h11.RemoteProtocolError, ValueError):
            response = Response(400, b'{"ok": false}')
        except Exception:  # a handler's bug: the caller gets a 500, the server carries on
            log.exception("HTTP handler failed")
            response = Response(500, b'{"ok": false}')
        headers = [("content-type", response.content_type), *response.headers,
                   ("content-length", str(len(response.body))), ("connection", "close")]
        with contextlib.suppress(h11.LocalProtocolError, ConnectionError):
            writer.write(connection.send(h11.Response(status_code=response.status, headers=headers)))
            writer.write(connection.send(h11.Data(data=response.body)) + connection.send(h11.EndOfMessage()))
            await writer.drain()
        writer.close()

    async def _answer(self, connection: h11.Connection, reader: asyncio.StreamReader) -> Response:
        request = await _next(connection, reader)
        if not isinstance(request, h11.Request):
            return Response(400)
        path = request.target.split(b"?", 1)[0].decode("ascii", "replace")
        route = self.routes.get(path) or next((r for prefix, r in self.routes.items()
                                               if prefix.endswith("/") and path.startswith(prefix)), None)
        if route is None:
            return Response(404, b'{"ok": false}')
        if request.method.decode() != route.method:
            return Response(405, b'{"ok": false}')
        headers = dict(request.headers)
        if route.secret_header and not hmac.compare_digest(headers.get(route.secret_header, b""), route.secret):
            log.warning("HTTP %s: a request with a missing or wrong secret was refused", path)
            return Response(403, b'{"ok": false}')
        body = bytearray()
        while isinstance(event := await _next(connection, reader), h11.Data):
            body += event.data
            if len(body) > MAX_BODY:
                return Response(413, b'{"ok": false}')
        return await route.handler(Request(request.method.decode(), path, headers, bytes(body)))


async def _next(connection: h11.Connection, reader: asyncio.StreamReader) -> object:
    while (event := connection.next_event()) is h11.NEED_DATA:
        connection.receive_data(await reader.read(65536))
    return event
