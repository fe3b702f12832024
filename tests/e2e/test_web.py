"""The bot's web server (bot.web) over real HTTP: uvicorn serving the one Starlette app, with the real guards of a
webhook, Zalo's webhook route and the files' links, a mounted sub-application as the board's will be, and a
route that fails. One server for the module, in a thread with its own event loop, as the bot runs it in its
own loop; the server's start and stop in the test's own loop at the end."""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route

from bot.channels.links import FileLinks
from bot.channels.zalo_api import SECRET_HEADER, webhook_route
from bot.files.outfile import OutFile
from bot.web.app import POLICY
from bot.web.guards import MAX_BODY, accepted, webhook
from bot.web.server import WebServer
from tests.conftest import VN
from tests.support.web import served

SECRET = "bi-mat-cua-webhook-zalo"
SMALL = 100  # the small route's limit, to try the edge without sending a megabyte
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
SECURITY = {"x-frame-options": "DENY", "content-security-policy": POLICY, "referrer-policy": "no-referrer",
            "x-content-type-options": "nosniff"}


class Site:
    """The module's server: its address, what Zalo's route took, the file links it signs."""

    def __init__(self, folder: Path) -> None:
        self.updates: list[dict] = []
        self.links = FileLinks("http://127.0.0.1:0", "khoa-ky-lien-ket-tep-thu", folder, lambda: NOW)
        self.server = WebServer(self.routes())
        self.port = self.server.listen("127.0.0.1", 0)
        self.links.base_url = self.url("")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def routes(self) -> list:
        async def failing(request: Request) -> Response:
            raise RuntimeError("a handler's bug")

        async def feed(request: Request) -> Response:
            return Response("BEGIN:VCALENDAR", headers={"cache-control": "no-cache", "etag": '"v1"'})

        async def page(request: Request) -> Response:
            return HTMLResponse(f"<h1>Xã {request.path_params['commune']}</h1>")

        async def small(body: bytes) -> Response:
            return JSONResponse({"length": len(body)})

        return [webhook_route("/zalo", SECRET, self.updates.append), self.links.route(),
                webhook("/small", small, limit=SMALL), Route("/fails", failing),
                Route("/ok", lambda request: accepted()), Route("/lich.ics", feed),
                Mount("/b", routes=[Route("/{commune}/", page)])]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    site = Site(tmp_path_factory.mktemp("links"))
    with served(server=site.server):
        yield site


@pytest.fixture(scope="module")
def client(site: Site) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=site.url(""), timeout=30) as client:
        yield client


def raw(site: Site, request: bytes) -> bytes:
    """Sends `request` as it is and reads the answer's head: a server that waited for a body never sent
    would leave this to the socket's timeout, and the test would fail."""
    with socket.create_connection(("127.0.0.1", site.port), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while b"\r\n\r\n" not in answer and (chunk := sock.recv(4096)):
            answer += chunk
    return answer


@pytest.mark.parametrize(("method", "path", "status", "cache"), [
    ("GET", "/ok", 200, "no-store"),                         # a JSON answer
    ("GET", "/b/nam-an-phu/", 200, "no-store"),              # a page of a mounted application
    ("GET", "/lich.ics", 200, "no-cache"),                   # a feed chose its own: kept
    ("GET", "/nothing", 404, "no-store"),
    ("POST", "/b/nam-an-phu/", 405, "no-store"),
    ("GET", "/zalo", 405, "no-store"),
    ("POST", "/zalo", 403, "no-store"),                      # the guard's refusal
    ("GET", "/files/1-hcc/x/1/y/z.docx", 403, "no-store"),   # a file link that does not open
    ("GET", "/fails", 500, "no-store"),                      # a handler's bug
])
def test_every_answer_carries_the_security_headers(client: httpx.Client, method: str, path: str, status: int,
                                                   cache: str) -> None:
    answer = client.request(method, path)
    assert answer.status_code == status
    assert {name: answer.headers.get(name) for name in SECURITY} == SECURITY
    assert answer.headers["cache-control"] == cache
    assert "server" not in answer.headers


def test_a_file_opens_by_its_signed_link_with_its_own_headers(site: Site, client: httpx.Client, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    link = site.links.publish("1-hcc", OutFile("bao-cao.docx", b"PK\x03\x04 a report"))
    answer = client.get(link)
    assert answer.status_code == 200 and answer.content == b"PK\x03\x04 a report"
    assert answer.headers["content-disposition"] == 'attachment; filename="bao-cao.docx"'
    assert answer.headers["cache-control"] == "private, no-store"
    assert answer.headers["x-content-type-options"] == "nosniff"
    signature = link.rsplit("/", 2)[1]
    assert client.head(link).status_code == 200
    server_lines = [r for r in caplog.records if r.name.split(".")[0] not in ("httpx", "httpcore")]  # not the client's
    assert not [r for r in server_lines if signature in r.getMessage()]  # no access log names the link


def test_a_handlers_bug_is_a_500_and_the_server_carries_on(client: httpx.Client, caplog) -> None:
    caplog.set_level(logging.ERROR)
    assert [client.get("/fails").status_code for _ in range(3)] == [500] * 3
    assert client.get("/ok").json() == {"ok": True}
    failures = [r for r in caplog.records if r.exc_info]  # once each, by the app, with its traceback
    assert [(r.name, str(r.exc_info[1])) for r in failures] == [("bot.web.app", "a handler's bug")] * 3
    assert all(r.getMessage() == "HTTP GET /fails…: the handler failed" for r in failures)


def test_a_wrong_secret_is_refused_before_the_body_is_read(site: Site) -> None:
    """A request that announces a large body and sends none: refused at once (else the read would hang)."""
    head = (b"POST /zalo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 500000\r\n%s\r\n")
    for header in (b"", b"X-Bot-Api-Secret-Token: sai-bi-mat\r\n"):
        assert raw(site, head % header).startswith(b"HTTP/1.1 403 "), header
    assert site.updates == []


def test_a_body_over_the_limit_is_refused_unread(site: Site) -> None:
    announced = (b"POST /zalo HTTP/1.1\r\nHost: x\r\nX-Bot-Api-Secret-Token: %s\r\n"
                 b"Content-Length: %d\r\n\r\n") % (SECRET.encode(), MAX_BODY + 1)
    assert raw(site, announced).startswith(b"HTTP/1.1 413 ")


@pytest.mark.parametrize(("size", "chunked", "status"), [
    (0, False, 200), (SMALL, False, 200), (SMALL, True, 200),
    (SMALL + 1, False, 413), (SMALL + 1, True, 413), (5 * SMALL, True, 413),
])
def test_the_limit_holds_however_the_body_comes(client: httpx.Client, size: int, chunked: bool,
                                                status: int) -> None:
    """Announced by its length, or in chunks with no length at all: read up to the limit, and no further."""
    body = b"x" * size
    content = (body[i:i + 7] for i in range(0, size, 7)) if chunked else body
    answer = client.post("/small", content=content)
    assert answer.status_code == status
    if status == 200:
        assert answer.json() == {"length": size}


@pytest.mark.parametrize(("body", "status"), [
    (b"{not json", 400), (b"[]", 400), (b'"x"', 400), (b"\xff\xfe", 400), (b"", 400),
    (b'{"ok": true, "result": {"event_name": "x"}}', 400),  # no message in it
    (b'{"ok": true, "result": {"message": {"text": "xong 17"}}}', 200),
    (b'{"message": {"text": "xong 17"}}', 200),  # unwrapped, as Zalo also sends
])
def test_zalo_takes_an_update_and_refuses_anything_else_with_400(site: Site, client: httpx.Client, body: bytes,
                                                               status: int) -> None:
    before = len(site.updates)
    answer = client.post("/zalo", content=body, headers={SECRET_HEADER: SECRET})
    assert answer.status_code == status
    assert len(site.updates) == before + (status == 200)


def near_misses(secret: str) -> st.SearchStrategy[str]:
    """Header values composed from the secret: cut, lengthened, one character changed, its case changed,
    padded with spaces; and any other printable text."""
    cut = st.integers(0, len(secret) - 1).map(lambda n: secret[:n])
    longer = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=3).map(
        lambda tail: secret + tail)
    changed = st.tuples(st.integers(0, len(secret) - 1), st.sampled_from("aZ0-_.")).map(
        lambda p: secret[:p[0]] + p[1] + secret[p[0] + 1:]).filter(lambda s: s != secret)
    other = st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=40)
    return st.one_of(cut, longer, changed, other, st.just(secret.upper()), st.just(f"{secret},{secret}"))


@settings(max_examples=40, deadline=None)
@given(value=near_misses(SECRET))
def test_only_the_exact_secret_opens_the_webhook(site: Site, client: httpx.Client, value: str) -> None:
    update = b'{"message": {"text": "xong 17"}}'
    before = len(site.updates)
    answer = client.post("/zalo", content=update, headers={SECRET_HEADER: value})
    assert answer.status_code == (200 if value == SECRET else 403)
    assert len(site.updates) == before + (value == SECRET)


async def test_in_the_bots_loop_it_keeps_the_bots_signals_and_stops_cleanly() -> None:
    """Two ports, one app; port 0 is a free one; the same port asked twice is one socket. uvicorn leaves the
    SIGINT and SIGTERM handlers as they were (the bot's own), and a stop with a connection still open ends
    it: the ports then refuse."""
    server = WebServer([Route("/ok", lambda request: accepted())])
    first, second = server.listen("127.0.0.1", 0), server.listen("127.0.0.1", 0)
    assert first != second and server.listen("127.0.0.1", first) == first and len(server.sockets) == 2
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    await server.start()
    try:
        assert {sig: signal.getsignal(sig) for sig in handlers} == handlers
        async with httpx.AsyncClient(timeout=30) as client:  # keeps its connections open
            for port in (first, second):
                assert (await client.get(f"http://127.0.0.1:{port}/ok")).json() == {"ok": True}
            await server.stop()
            for port in (first, second):
                with pytest.raises(httpx.ConnectError):
                    await client.get(f"http://127.0.0.1:{port}/ok")
    finally:
        await server.stop()  # a second stop has nothing to do
    assert {sig: signal.getsignal(sig) for sig in handlers} == handlers
