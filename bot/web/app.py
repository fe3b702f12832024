"""The one web application: every route the channels, health and the board contribute, in one Starlette app,
behind the headers a browser needs on every answer.

`web_app(routes)` builds it; the routes are Starlette's own (`Route`, `Mount`), so a page, a feed or a whole
sub-application is mounted as any route is. The headers are added outside Starlette's own error handling, so
a 404, a 405 and a handler's 500 carry them too; and a handler's bug ends with its 500 and a line in the log,
not in the dropped connection uvicorn would make of an error raised to it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)
# Nothing of a page comes from elsewhere, runs inline or may be framed; a form posts nowhere.
POLICY = ("default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; base-uri 'none'; "
          "form-action 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {"x-frame-options": "DENY", "content-security-policy": POLICY,
                    "referrer-policy": "no-referrer", "x-content-type-options": "nosniff"}
DEFAULT_CACHE = "no-store"  # a page or a file names a commune's work: no cache keeps it; a feed sets its own


class SecurityHeaders:
    """Pure ASGI middleware: the security headers on every response, and Cache-Control: no-store on every
    response that did not choose its own (a calendar feed revalidates with its ETag)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if "cache-control" not in headers:
                    headers["cache-control"] = DEFAULT_CACHE
            await send(message)

        await self.app(scope, receive, send_with_headers)


class ContainedErrors:
    """Pure ASGI middleware around Starlette's error handling, which answers a handler's bug with 500, then
    raises it on. Raised to uvicorn, it would close the connection under a client that may send its next
    request on it (a proxy keeps connections open): so once the answer is complete, the bug is logged here
    and goes no further. The path is logged by its first part only: a file link's holds its signature."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        answered = False

        async def watched(message: Message) -> None:
            nonlocal answered
            await send(message)
            answered = answered or (message["type"] == "http.response.body" and not message.get("more_body"))

        try:
            await self.app(scope, receive, watched)
        except Exception:
            if not answered:  # cut off half-way: the connection cannot be trusted, uvicorn closes it
                raise
            log.exception("HTTP %s /%s…: the handler failed", scope["method"], scope["path"].split("/")[1])


class WebApp(Starlette):
    """Starlette, with SecurityHeaders and ContainedErrors outside its error handling (a user middleware
    would sit inside it)."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(ContainedErrors(super().build_middleware_stack()))


def web_app(routes: Iterable[BaseRoute]) -> WebApp:
    """The application for these routes, in order (the first that matches a path answers it)."""
    return WebApp(routes=list(routes))
