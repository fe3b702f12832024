"""Group messages as officers type them (issue 23): a report is taken whatever polite words surround it, talk
is left alone, and what may be either is asked about. Composed from parts (tests.support.messages)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from bot.core.commands import Done, MaybeDone
from bot.core.registry import parse
from tests.support.messages import BOT, REPORT, TALK, UNSURE, Composed, composed


@settings(max_examples=1500, deadline=None)
@given(composed())
def test_each_composed_message_is_read_as_what_it_is(message: Composed) -> None:
    read = parse(message.text, bot_username=BOT)
    if message.kind == TALK:
        assert read is None, message
    elif message.kind == UNSURE:
        assert read == MaybeDone(message.tasks, read.note if isinstance(read, MaybeDone) else ""), message
    else:
        assert read == Done(message.tasks, message.note, tentative=message.tentative), message


@settings(max_examples=400, deadline=None)
@given(composed())
def test_said_to_the_bot_a_report_is_taken_and_talk_never_is(message: Composed) -> None:
    """Addressed ("/", a mention, a private chat), the words after the numbers are the report's note, a count
    included ("/xong 3 bài"); a question, a negation or an instruction is never taken: it is asked about,
    or not understood."""
    read = parse(message.text, bot_username=BOT, addressed=True)
    if message.kind == REPORT:
        assert read == Done(message.tasks, message.note), message
    elif message.shape == "count":
        assert isinstance(read, Done) and read.tasks == message.tasks, message
    elif message.kind == TALK:
        assert not isinstance(read, Done), message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # issue 23's own: particles and fillers leave a report a report
        ("Xong 27 nhé", Done(("27",))),
        ("Xong 17 ạ", Done(("17",))),
        ("xong 17 roi a", Done(("17",))),
        ("em xong 17 rồi ạ", Done(("17",))),
        ("ok xong 17", Done(("17",))),
        ("xong 17 rồi ạ", Done(("17",))),
        ("xong 17 đã nộp kế hoạch ạ", Done(("17",), "đã nộp kế hoạch", tentative=True)),
        ("xong 27, 31 đã ban hành", Done(("27", "31"), "đã ban hành", tentative=True)),
        ("xong 17, 18 roi", Done(("17", "18"))),
        ("dạ em báo cáo xong 17 ạ 🙏", Done(("17",))),
        ("xong 17: đã nộp, chưa có số", Done(("17",), "đã nộp, chưa có số")),  # a marked note says what it says
        # a "?" inside a link asks nothing; one that ends a clause does, wherever it is
        ("xong 17: đăng tại http://xa.vn/?id=3", Done(("17",), "đăng tại http://xa.vn/?id=3")),
        ("xong 17 ?", None), ("xong 17? ok", None), ("xong 17: đã nộp chưa?", None),
        # a question, a negation, an instruction: talk
        ("xong 17 chưa?", None),
        ("xong 17 à?", None),
        ("xong 17 à", None),  # «à» asks; «ạ» and a plain «a» do not
        ("chưa xong 17", None),
        ("xong 17 thì báo anh", None),
        ("nhớ xong 17", None),
        ("khi nào xong 17", None),
        ("xong 17 đi", None),
        # words of the work that only look like talk words
        ("xong 17 đã gửi cán bộ đầu mối", Done(("17",), "đã gửi cán bộ đầu mối", tentative=True)),
        ("xong 17 đã nộp bản sao", Done(("17",), "đã nộp bản sao", tentative=True)),
        ("xong 17 trước hạn", Done(("17",), "trước hạn", tentative=True)),
        # a note that says what was done may start right after the number
        ("xong 17 trình ký rồi", Done(("17",), "trình ký", tentative=True)),
        ("xong 17 nộp rồi ạ", Done(("17",), "nộp", tentative=True)),
        ("xong 17 ban hành ngày 12/3", Done(("17",), "ban hành ngày 12/3", tentative=True)),
        ("xong 17 kèm quyết định", Done(("17",), "kèm quyết định", tentative=True)),
        # and a count never does: talk
        ("xong 5 hồ sơ", None), ("xong 2 văn bản", None), ("xong 3 bản", None), ("xong 2 ảnh", None),
        # may be a report, may not: asked about
        ("Lan xong 17 rồi", MaybeDone(("17",))),
        ("@Lan xong 17", MaybeDone(("17",))),
        ("chị Hoa 17, 18 đã xong", MaybeDone(("17", "18"))),
        ("xong 17 hôm qua", MaybeDone(("17",), "hôm qua")),
        ("xong 17 anh Nam ạ", MaybeDone(("17",), "anh Nam")),
    ],
)
def test_group_messages_of_each_kind(text: str, expected: object) -> None:
    assert parse(text, bot_username=BOT) == expected


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("xong 17 nhé", ""),
        ("xong 17 rồi ạ", ""),
        ("xong 17 ạ!", ""),
        ("xong 17 👍", ""),
        ("xong 17 rồi nhé cả nhà", ""),
        ("xong 17 đã nộp kế hoạch ạ", "đã nộp kế hoạch"),
        ("xong 17 đã nộp kế hoạch rồi anh ạ", "đã nộp kế hoạch"),
        ("xong 17 đã gửi cho em ạ", "đã gửi cho em"),  # «em» receives here: part of the note
        ("xong 17: kèm quyết định nhé", "kèm quyết định"),
        ("xong 17 (kèm quyết định) ạ", "(kèm quyết định)"),
    ],
)
def test_fillers_are_not_notes(text: str, note: str) -> None:
    for addressed in (False, True):
        read = parse(text, bot_username=BOT, addressed=addressed)
        assert isinstance(read, Done) and read.note == note, (addressed, read)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("xong 17 chưa?", MaybeDone(("17",), addressed=True)),
        ("xong 17 không", MaybeDone(("17",), addressed=True)),
        ("chưa xong 17 ạ", None),
    ],
)
def test_said_to_the_bot_a_question_is_asked_back_never_taken(text: str, expected: object) -> None:
    read = parse(text, addressed=True)
    assert read == expected or (expected is None and not isinstance(read, Done))
