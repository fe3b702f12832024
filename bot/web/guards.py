"""What every webhook checks before its handler sees a request: the secret header, before a byte of the body
is read (403), and the body's size, read in chunks and abandoned at the limit (413)."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

log = logging.getLogger(__name__)
MAX_BODY = 1_000_000  # bytes: a Telegram or Zalo update is a few kilobytes


def refusal(status: int) -> Response:
    """The short answer to a request that is not taken: it says nothing of why."""
    return JSONResponse({"ok": False}, status)


def accepted() -> Response:
    return JSONResponse({"ok": True})


async def limited_body(request: Request, limit: int = MAX_BODY) -> bytes | None:
    """The body, or None as soon as it is longer than `limit` (announced or read): the rest is never read."""
    announced = request.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


def webhook(path: str, handler: Callable[[bytes], Awaitable[Response]], secret_header: str = "",
            secret: str = "", limit: int = MAX_BODY) -> Route:
    """POST `path`: with `secret_header`, a request without exactly `secret` in it is refused with 403 unread;
    a body over `limit` with 413; then `handler` gets the body's bytes."""
    wanted = secret.encode()

    async def endpoint(request: Request) -> Response:
        if secret_header:
            given = request.headers.get(secret_header, "").encode("latin-1")
            if not hmac.compare_digest(given, wanted):
                log.warning("HTTP %s: a request with a missing or wrong secret was refused", path)
                return refusal(403)
        body = await limited_body(request, limit)
        if body is None:
            return refusal(413)
        return await handler(body)

    return Route(path, endpoint, methods=["POST"])
