"""What a link shows and whether it opens (plan_data.access), and how it is signed (bot.core.access): pure.

The classes: each role's scope (the chairman and the focal point their commune, a unit its own tasks, the city
every commune of its province); a link open before its expiry and not revoked; a token that opens only with
the secret and the kind it was signed with, and that no change of its characters turns into another row's.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.access import MIN_SECRET, Access
from plan_data.access import BOARD, CITY, COMMUNE, FEED, UNIT, Scope, has_calendar, lifetime, opens, scope_of
from plan_data.permissions import Role, role_of
from plan_data.zone import VN

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
SECRET = "khoa-ky-bang-theo-doi-cua-xa"
ACCESS = Access("https://nhacviec.example.vn/", SECRET)
IDS = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", min_size=22, max_size=22)
URL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-."


@pytest.mark.parametrize(("kind", "focal", "code", "expected"), [
    ("role", False, "chutich", Scope(COMMUNE, 7, None, None)),  # the chairman: the commune
    ("internal", True, "vhxh", Scope(COMMUNE, 7, None, None)),  # the focal point: the commune
    ("internal", False, "kt", Scope(UNIT, 7, "kt", None)),  # a unit: its own tasks
    ("internal", False, "hcc", Scope(UNIT, 7, "hcc", None)),
    ("role", False, "thanhpho", Scope(CITY, None, None, "Hải Phòng")),  # the city: its province's communes
])
def test_each_role_sees_what_its_chat_sees(kind: str, focal: bool, code: str, expected: Scope) -> None:
    assert scope_of(role_of(kind, focal, code), 7, code, "Hải Phòng") == expected


def test_every_role_has_a_scope_and_only_the_city_has_no_calendar() -> None:
    scopes = {role: scope_of(role, 7, "kt", "Hải Phòng") for role in Role}
    assert {role: scope.kind for role, scope in scopes.items()} == {
        Role.LEADER: COMMUNE, Role.FOCAL: COMMUNE, Role.UNIT: UNIT, Role.CITY: CITY}
    assert [role for role, scope in scopes.items() if not has_calendar(scope)] == [Role.CITY]


@pytest.mark.parametrize(("after", "revoked", "expected"), [
    (timedelta(0), False, True), (timedelta(days=29, hours=23), False, True),
    (timedelta(days=30), False, False), (timedelta(days=400), False, False),  # expired: at its expiry and after
    (timedelta(0), True, False), (timedelta(days=1), True, False),  # revoked: at once, whatever its expiry
])
def test_a_link_opens_until_it_expires_or_is_revoked(after: timedelta, revoked: bool, expected: bool) -> None:
    expires = NOW + lifetime(BOARD)
    assert opens(expires, NOW if revoked else None, NOW + after) is expected


def test_a_board_link_lasts_30_days_and_a_feed_a_year_unless_set() -> None:
    assert (lifetime(BOARD), lifetime(FEED)) == (timedelta(days=30), timedelta(days=365))
    assert (lifetime(BOARD, 7, 90), lifetime(FEED, 7, 90)) == (timedelta(days=7), timedelta(days=90))


@pytest.mark.parametrize(("url", "secret", "missing"), [
    ("", "", f"NHACVIEC_PUBLIC_URL và NHACVIEC_BOARD_SECRET (ít nhất {MIN_SECRET} ký tự)"),
    ("https://x.vn", "", f"NHACVIEC_BOARD_SECRET (ít nhất {MIN_SECRET} ký tự)"),
    ("https://x.vn", "ngan", f"NHACVIEC_BOARD_SECRET (ít nhất {MIN_SECRET} ký tự)"),
    ("  ", SECRET, "NHACVIEC_PUBLIC_URL"),
    ("https://x.vn", SECRET, ""),
])
def test_the_board_is_on_with_a_url_and_a_long_enough_secret(url: str, secret: str, missing: str) -> None:
    assert Access(url, secret).missing() == missing
    assert SECRET not in repr(Access(url, secret))  # a log line of the settings never shows it


@settings(max_examples=60, deadline=None)
@given(link_id=IDS, kind=st.sampled_from([BOARD, FEED]))
def test_a_token_opens_its_row_only_with_its_secret_and_kind(link_id: str, kind: str) -> None:
    token = ACCESS.token(link_id, kind)
    assert ACCESS.link_id(token, kind) == link_id
    assert ACCESS.link_id(token, FEED if kind == BOARD else BOARD) is None  # a board's link opens no feed
    assert Access(ACCESS.public_url, SECRET + "x").link_id(token, kind) is None  # forged: another secret
    assert Access(ACCESS.public_url, "").link_id(token, kind) is None  # the board off: nothing opens


@settings(max_examples=150, deadline=None)
@given(link_id=IDS, at=st.integers(min_value=0), put=st.sampled_from(URL_CHARS),
       cut=st.integers(min_value=0, max_value=3))
def test_no_tampered_token_opens_another_row(link_id: str, at: int, put: str, cut: int) -> None:
    """A character changed anywhere, or the token cut short: refused, or (base64's last character carries
    bits the signature ignores) the very same row; never another."""
    token = ACCESS.token(link_id, BOARD)
    at %= len(token)
    tampered = (token[:at] + put + token[at + 1:])[:len(token) - cut]
    opened = ACCESS.link_id(tampered, BOARD)
    assert opened is None or opened == link_id
    if at < len(link_id) and put != token[at]:  # the row id itself changed: never opens
        assert opened is None


@pytest.mark.parametrize("token", ["", "abc", "../../etc/passwd", "a" * 5000, "x.y", "🙂" * 30,
                                   ACCESS.token("a" * 22, BOARD) + "/../x", ACCESS.token("a" * 22, BOARD) + " "])
def test_a_made_up_token_is_refused_without_error(token: str) -> None:
    assert ACCESS.link_id(token, BOARD) is None


def test_the_links_name_the_public_url_once_and_the_feed_also_as_webcal() -> None:
    token = ACCESS.token("a" * 22, FEED)
    assert ACCESS.board_url(token) == f"https://nhacviec.example.vn/b/{token}/"
    assert ACCESS.feed_urls(token) == (f"https://nhacviec.example.vn/lich/{token}.ics",
                                       f"webcal://nhacviec.example.vn/lich/{token}.ics")
