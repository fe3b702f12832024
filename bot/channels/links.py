"""Signed, expiring links to the files a reply carries, for channels that cannot upload files (Zalo).

Zalo's Bot API takes text and `sendPhoto` by URL only, so a report, a calendar or a chart is written to a
folder and served by the bot's web server (bot.web.server, the one Zalo's webhook posts to) at

    {NHACVIEC_PUBLIC_URL}/files/{unit}/{file id}/{expires}/{signature}/{name}

- the file id is 128 random bits, so a link cannot be guessed;
- the signature is HMAC-SHA256, keyed by NHACVIEC_FILES_SECRET (from the environment, never stored or
  logged), over the unit, the file id, the name and the expiry: a link made for one unit's chat does not
  open another unit's file, and a link cannot be stretched past its 24 hours;
- anything wrong (signature, expiry, unit, a file that is gone) is answered 403 with the same short body,
  which tells nothing about which part was wrong or whether the file exists.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
import shutil
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.channels.zalo_api import FILES_PREFIX
from bot.files.outfile import OutFile
from storage.queries import binding_for

log = logging.getLogger(__name__)
LIFETIME = timedelta(hours=24)
MIN_SECRET = 16
_PART = re.compile(r"[A-Za-z0-9_-]{1,64}")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")
TYPES = {".png": "image/png", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".ics": "text/calendar; charset=utf-8"}


def forbidden() -> Response:
    """The one answer to every link that does not open, whatever was wrong with it."""
    return PlainTextResponse("Forbidden\n", 403)


class FileLinks:
    def __init__(self, base_url: str, secret: str, folder: Path, clock: Callable[[], datetime],
                 lifetime: timedelta = LIFETIME) -> None:
        if len(secret) < MIN_SECRET:
            raise ValueError(f"the files secret must be at least {MIN_SECRET} characters")
        self.base_url, self._key, self.folder = base_url.rstrip("/"), secret.encode(), folder
        self.clock, self.lifetime = clock, lifetime

    def publish(self, unit: str, file: OutFile) -> str:
        """Keeps the file for the unit and returns its link, valid for 24 hours from now."""
        if not _PART.fullmatch(unit) or not _NAME.fullmatch(file.name):
            raise ValueError("a unit key or a file name that cannot be put in a link")
        self.prune()
        file_id = secrets.token_urlsafe(16)
        expires = int((self.clock() + self.lifetime).timestamp())
        place = self.folder / unit / file_id
        place.mkdir(parents=True, exist_ok=True)
        (place / file.name).write_bytes(file.data)
        return f"{self.base_url}/files/{unit}/{file_id}/{expires}/{self.sign(unit, file_id, file.name, expires)}/{file.name}"

    def sign(self, unit: str, file_id: str, name: str, expires: int) -> str:
        message = f"{unit}/{file_id}/{name}/{expires}".encode()
        digest = hmac.new(self._key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def route(self) -> Route:
        """GET /files/…, on the bot's web server."""
        return Route(FILES_PREFIX + "{rest:path}", self.serve, methods=["GET"])

    async def serve(self, request: Request) -> Response:
        return self.open(request.url.path)

    def open(self, target: str) -> Response:
        """The answer to GET {target}: the file, or 403 for anything not signed, expired or not there."""
        parts = target[len(FILES_PREFIX):].split("/") if target.startswith(FILES_PREFIX) else []
        if len(parts) != 5:
            return forbidden()
        unit, file_id, expires, signature, name = parts
        if not (all(_PART.fullmatch(p) for p in (unit, file_id, signature)) and expires.isdigit()
                and _NAME.fullmatch(name)):
            return forbidden()
        if not hmac.compare_digest(signature, self.sign(unit, file_id, name, int(expires))):
            log.info("a file link with a wrong signature was refused")
            return forbidden()
        if self.clock().timestamp() >= int(expires):
            return forbidden()
        path = self.folder / unit / file_id / name
        if not path.is_file():
            return forbidden()
        shown = "inline" if path.suffix == ".png" else "attachment"
        return FileResponse(path, media_type=TYPES.get(path.suffix, "application/octet-stream"), filename=name,
                            content_disposition_type=shown, headers={"cache-control": "private, no-store"})

    def prune(self) -> None:
        """Files older than a link's life are removed: no link to them opens any more."""
        limit = (self.clock() - self.lifetime - timedelta(hours=1)).timestamp()
        if not self.folder.is_dir():
            return
        for unit in self.folder.iterdir():
            for place in unit.iterdir() if unit.is_dir() else ():
                if place.stat().st_mtime < limit:
                    shutil.rmtree(place, ignore_errors=True)


def unit_key(sessions: sessionmaker[Session], platform: str, chat_id: str) -> str | None:
    """The plan and unit a chat is bound to, as a link names them ("3-hcc"); None for a chat not bound."""
    with sessions.begin() as session:
        binding = binding_for(session, platform, chat_id)
        if binding is None or not binding.active:
            return None
        return f"{binding.unit.plan_id}-{binding.unit.code}"
