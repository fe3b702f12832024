"""The board's and the feeds' links: where they point and how they are signed.

A link carries the random id of its row (storage.access_links), signed with NHACVIEC_BOARD_SECRET by
itsdangerous' Signer (HMAC-SHA256, a salt for each kind, so a board's link never opens a feed): a link that
was not made here is refused before the database is asked, and a copy of the database alone (a backup) opens
nothing. When a link expires is its row's, checked against the clock passed in (plan_data.access.opens): the
one place it is decided. A link names no chat id, no unit code and no token of a platform.

    {NHACVIEC_PUBLIC_URL}/b/{link}/          the board (bot/web: the board's pages)
    {NHACVIEC_PUBLIC_URL}/lich/{link}.ics    a calendar feed (bot/web/feeds.py), also as webcal://
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from itsdangerous import BadSignature, Signer

from plan_data.access import BOARD_DAYS, FEED_DAYS

MIN_SECRET = 16  # as the files' secret (bot.channels.links)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,40}\.[A-Za-z0-9_-]{43}")  # a row id, ".", a SHA-256 signature


@dataclass(frozen=True)
class Access:
    """The settings the links need (bot.ops.settings.Settings.access): where the web server is reached, the
    secret that signs, and how long each kind of link opens. Without a URL or a secret, the board is off."""

    public_url: str = ""
    secret: str = field(default="", repr=False)
    board_days: int = BOARD_DAYS
    feed_days: int = FEED_DAYS

    def missing(self) -> str:
        """What to set before a link can be given ("" when nothing is missing)."""
        wanted = [] if self.public_url.strip() else ["NHACVIEC_PUBLIC_URL"]
        if len(self.secret) < MIN_SECRET:
            wanted.append(f"NHACVIEC_BOARD_SECRET (ít nhất {MIN_SECRET} ký tự)")
        return " và ".join(wanted)

    def token(self, link_id: str, kind: str) -> str:
        return _signer(self.secret, kind).sign(link_id).decode()

    def link_id(self, token: str, kind: str) -> str | None:
        """The row id a token carries, if this server signed it for this kind of link; None otherwise."""
        if len(self.secret) < MIN_SECRET or not _TOKEN.fullmatch(token):
            return None
        try:
            return _signer(self.secret, kind).unsign(token).decode()
        except BadSignature:
            return None

    def board_url(self, token: str) -> str:
        return f"{self._base()}/b/{token}/"

    def feed_urls(self, token: str) -> tuple[str, str]:
        """The feed's address as a browser opens it, and as a calendar subscribes to it (webcal://)."""
        url = f"{self._base()}/lich/{token}.ics"
        return url, "webcal://" + url.split("://", 1)[-1]

    def _base(self) -> str:
        return self.public_url.strip().rstrip("/")


OFF = Access()  # no URL, no secret: `bảng` and `lịch` say what to set


def _signer(secret: str, kind: str) -> Signer:
    return Signer(secret, salt=f"nhacviec-{kind}-link", digest_method=hashlib.sha256)
