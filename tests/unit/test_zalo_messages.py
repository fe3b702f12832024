"""What the Zalo channel makes of an update and of a reply (bot/zalo.py's pure helpers)."""

from __future__ import annotations

import pytest

from bot.channels.zalo import incoming_from, mentioned, parts, zalo_text
from bot.channels.zalo_api import error_code
from bot.core.context import Button, Reply
from bot.files.outfile import OutFile

BOT = "1459232241454765289"


def update(text: str, chat_type: str = "GROUP", event: str = "message.text.received", **message) -> dict:
    body = {"from": {"id": "u1", "display_name": "Bình", "is_bot": False},
            "chat": {"id": "g1", "chat_type": chat_type}, "text": text, "message_id": "m1",
            "date": 1766619597466, **message}
    return {"event_name": event, "message": body}


def test_buttons_become_the_commands_to_type() -> None:
    reply = Reply("⏰ Hôm nay đến hạn: NV 17", (Button("✅ Xong", "xong 17"), Button("📋 Chi tiết", "nv 17"),
                                                 Button("⏰ Nhắc lại", "nhắc lại 17")))
    assert zalo_text(reply) == "⏰ Hôm nay đến hạn: NV 17\nGõ: xong 17 · nv 17 · nhắc lại 17"


def test_a_file_is_named_since_zalo_cannot_take_it() -> None:
    reply = Reply("📊 Báo cáo", files=(OutFile("bao-cao.xlsx", b"x", "Báo cáo quý I"),))
    assert "📎 Báo cáo quý I: Zalo chưa gửi được tệp" in zalo_text(reply)


def test_long_replies_are_cut_at_2000_characters_on_line_boundaries() -> None:
    lines = [f"🔴 NV {n} «Một nhiệm vụ có tên khá dài để lấp đầy dòng» — hạn 31/03/2026" for n in range(80)]
    cut = parts(Reply("\n".join(lines)))
    assert len(cut) > 1 and all(1 <= len(p) <= 2000 for p in cut)
    assert "\n".join(cut).split("\n") == lines  # nothing lost, no line broken


@pytest.mark.parametrize(("text", "name"), [
    ("@Nhắc việc CCHC xong 17", "Nhắc việc CCHC"),
    ("@nhắc việc cchc quá hạn", "Nhắc việc CCHC"),
    ("xong 17 @bot.NhacViec", "bot.NhacViec"),
    ("xong 17", None),
    ("Nhắc việc CCHC ơi", None),  # the name without @ is not a mention
])
def test_mentions_of_either_name_from_getme(text: str, name: str | None) -> None:
    assert mentioned(text, ("Nhắc việc CCHC", "bot.NhacViec")) == name


def test_a_private_chat_is_always_addressed_a_group_only_when_it_quotes_the_bot() -> None:
    assert incoming_from(update("chào", "PRIVATE"), BOT).addressed
    assert not incoming_from(update("chào cả nhà"), BOT).addressed
    quoted = update("xong rồi", reply_to_message={"from": {"id": BOT}})
    assert incoming_from(quoted, BOT).addressed
    someone = update("xong rồi", reply_to_message={"from": {"id": "u2"}})
    assert not incoming_from(someone, BOT).addressed


def test_an_update_becomes_an_incoming_for_the_core() -> None:
    incoming = incoming_from(update("xong 17"), BOT)
    assert (incoming.platform, incoming.chat_id, incoming.user_id, incoming.user_name, incoming.text,
            incoming.message_id) == ("zalo", "g1", "u1", "Bình", "xong 17", "m1")


def test_an_image_with_a_caption_is_kept_as_evidence_and_stickers_are_ignored() -> None:
    photo = update("", event="message.image.received", caption="xong 17", photo_url="https://example.org/a.jpg")
    incoming = incoming_from(photo, BOT)
    assert incoming.text == "xong 17" and incoming.evidence == {"type": "photo", "url": "https://example.org/a.jpg"}
    assert incoming_from(update("", event="message.sticker.received", sticker="abc"), BOT) is None
    assert incoming_from(update("xong 17", event="message.unsupported.received"), BOT) is None
    bot_echo = update("xong 17")
    bot_echo["message"]["from"]["is_bot"] = True
    assert incoming_from(bot_echo, BOT) is None


def test_ids_are_strings_whatever_zalo_sends() -> None:
    """Zalo's ids are strings; a number in the JSON (a 19-digit id as an int) is read as the same string."""
    body = update("xong 17", chat_type="PRIVATE")
    body["message"]["from"]["id"], body["message"]["chat"]["id"] = 7300000000000000001, 7300000000000000002
    body["message"]["message_id"] = 42
    incoming = incoming_from(body, BOT)
    assert (incoming.user_id, incoming.chat_id, incoming.message_id) == (
        "7300000000000000001", "7300000000000000002", "42")


def test_the_limit_is_counted_in_utf16_units_with_a_margin() -> None:
    """An emoji outside the BMP is two UTF-16 units: a reply full of them still fits Zalo's 2,000."""
    lines = [f"🔴🟡✅ NV {n} «Một nhiệm vụ» 📅📅📅📅📅📅📅📅📅📅📅📅📅📅📅📅📅📅📅📅" for n in range(120)]
    cut = parts(Reply("\n".join(lines)))
    assert len(cut) > 1 and all(len(p.encode("utf-16-le")) // 2 <= 1900 for p in cut)
    assert "\n".join(cut).split("\n") == lines


@pytest.mark.parametrize("code_key", ["error_code", "errorCode"])
def test_zalo_error_codes_are_read_from_either_key(code_key: str) -> None:
    assert error_code({"ok": False, code_key: 408}, 200) == 408
    assert error_code({"ok": False, code_key: "429"}, 200) == 429
    assert error_code({"ok": False, code_key: "oops"}, 502) == 502
    assert error_code({}, 504) == 504
