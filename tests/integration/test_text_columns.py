"""Every text column of every table, after a plan file and a chat full of what people paste: NUL, control
characters, Word's line break, names longer than any column. On SQLite and PostgreSQL alike nothing fails,
and every stored text is printable and fits its column (issue 15)."""

from __future__ import annotations

from sqlalchemy import JSON, String, Text, select

from bot.core.context import Incoming
from bot.core.service import respond
from plan_data.readers.importer import BUNDLED_TEXT, read_plan
from storage.invites import create_invite
from storage.loader import load_plan
from storage.models import Base
from storage.queries import pick_plan, unit_by_code
from tests.support.chat import seeded_chat

HOSTILE = "\x00\x01\x0b\x1b[31m\ufffe"
IN_A_CELL = "\x00\x01\ufffe"  # invisible; \x0b in a .txt breaks its line, as any line break would
LONG = "Nguyễn Thị Hồng " * 40
INVISIBLE = "\x00\x01\x0b\x1b\ufffe"  # what no stored text may hold


def hostile_plan_text() -> str:
    """The seed as published, with the hostile characters in every cell of every task row."""
    lines = []
    for line in BUNDLED_TEXT.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 5 and cells[0].strip().isdigit():
            cells = [cells[0]] + [f"{c}{IN_A_CELL}" if c.strip() else c for c in cells[1:]]
        lines.append("\t".join(cells))
    return "\n".join(lines)


def texts_in_every_column(session) -> list[tuple[str, str, str]]:
    """(table.column, value, problem) for every stored text that is not clean or does not fit."""
    found = []
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
        if not columns:  # a table of numbers and dates only holds no text (SQLite refuses a SELECT of nothing)
            continue
        for row in session.execute(select(*columns)):
            for column, value in zip(columns, row, strict=True):
                for text in _strings(value):
                    if any(c in text for c in INVISIBLE) or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
                        found.append((f"{table.name}.{column.name}", text[:40], "unclean"))
                    length = getattr(column.type, "length", None)
                    if length and isinstance(value, str) and len(value) > length:
                        found.append((f"{table.name}.{column.name}", text[:40], f"over {length}"))
    return found


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def test_every_text_column_holds_only_clean_text_that_fits(sessions, now, tmp_path) -> None:
    seeded_chat(sessions, now)
    published = tmp_path / "ke-hoach.txt"
    published.write_text(hostile_plan_text(), encoding="utf-8")
    spec = read_plan(published, name=f"Xã{IN_A_CELL}Thử")
    with sessions.begin() as session:
        load_plan(session, spec, now)
        code = create_invite(session, unit_by_code(session, pick_plan(session, "Nam An Phụ").id, "kt"), now).code
    for chat, text in (("chat-hcc", f"xong 17: {HOSTILE}{LONG}"), ("chat-vp", f"td 10 40% {HOSTILE}"),
                       ("chat-chutich", f"gia hạn 17 30/6 vì {HOSTILE}{LONG}"), ("new-kt", f"/lienket {code}"),
                       ("chat-vhxh", f"hạn 7 20/6 {HOSTILE}")):
        reply = respond(Incoming("telegram", chat, f"u{HOSTILE}", f"{LONG}{HOSTILE}", text, chat_title=LONG * 2,
                                 message_id="m1", addressed=True,
                                 evidence={"type": "document", "file_name": f"bc{HOSTILE}.pdf"}), sessions, now)
        assert reply is not None
    with sessions.begin() as session:
        assert texts_in_every_column(session) == []
