"""bot/commands.py: what officers really type in private chats, Telegram groups and Zalo groups."""

from __future__ import annotations

import ast
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.commands import (
    HINTS,
    Approve,
    Calendar,
    Command,
    Done,
    Extend,
    Help,
    Link,
    MaybeDone,
    MyTasks,
    Overdue,
    Progress,
    Reopen,
    Report,
    SetDate,
    Show,
    Snooze,
    Summary,
    Undo,
    Unknown,
    Upcoming,
)
from bot.core.registry import ASCII_ALIASES, COMMAND_WORDS, parse, telegram_menu

BOT = "NhacViecBot"
TODAY = date(2026, 11, 23)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def unaccented(text: str) -> str:
    text = "".join(c for c in nfd(text) if not unicodedata.combining(c))
    return text.replace("đ", "d").replace("Đ", "D")


# Commands without free text, so they read the same accented, unaccented, NFD and in capitals.
PLAIN = [
    ("xong 17", Done(("17",))),
    ("xong17", Done(("17",))),
    ("XONG 17", Done(("17",))),
    ("Xong 17, 18", Done(("17", "18"))),
    ("xong 17 18", Done(("17", "18"))),
    ("xong 17,18 và 19", Done(("17", "18", "19"))),
    ("xong 17; 18 & 19", Done(("17", "18", "19"))),
    ("xong 10-12", Done(("10", "11", "12"))),
    ("xong 10 – 12", Done(("10", "11", "12"))),
    ("xong 10 đến 12", Done(("10", "11", "12"))),
    ("xong 24.1", Done(("24.1",))),
    ("xong 24.1-24.3", Done(("24.1", "24.2", "24.3"))),
    ("xong 017", Done(("17",))),
    ("xong 17, 17", Done(("17",))),
    ("xong BC-hcc", Done(("BC-hcc",))),
    ("xong bc-HCC", Done(("BC-hcc",))),
    ("xong 17 và KH-vp", Done(("17", "KH-vp"))),
    ("xong nhiệm vụ số 17", Done(("17",))),
    ("xong #17", Done(("17",))),
    ("hoàn thành 17", Done(("17",))),
    ("ht 17", Done(("17",))),
    ("done 17", Done(("17",))),
    ("td 17 50%", Progress("17", 50)),
    ("td 17 50", Progress("17", 50)),
    ("tiến độ 17: 0%", Progress("17", 0)),
    ("tiến độ 24.1 đạt 100 %", Progress("24.1", 100)),
    ("hoàn tác 17", Undo("17")),
    ("mở lại 17", Reopen("17")),
    ("hạn 17 30/6", SetDate("17", "30/6")),
    ("gia hạn 17 30/6", Extend("17", "30/6")),
    ("duyệt 17", Approve(("17",))),
    ("duyệt 17, 18 và 20-21", Approve(("17", "18", "20", "21"))),
    ("17", Show("17")),
    ("24.1", Show("24.1")),
    ("BC-hcc", Show("BC-hcc")),
    ("#17", Show("17")),
    ("nv 17", Show("17")),
    ("nhiệm vụ 17", Show("17")),
    ("xem 17", Show("17")),
    ("việc", MyTasks()),
    ("việc của tôi", MyTasks(mine=True)),
    ("nhiệm vụ", MyTasks()),
    ("nv", MyTasks()),
    ("quá hạn", Overdue()),
    ("trễ hạn", Overdue()),
    ("quá hạn?", Overdue()),
    ("sắp tới", Upcoming()),
    ("sắp tới 7", Upcoming(7)),
    ("sắp tới 30 ngày", Upcoming(30)),
    ("sắp tới 2 tuần", Upcoming(14)),
    ("tổng hợp", Summary()),
    ("th", Summary()),
    ("thống kê", Summary()),
    ("báo cáo", Report()),
    ("báo cáo năm", Report(yearly=True)),
    ("báo cáo quý 2", Report(2)),
    ("báo cáo quý II", Report(2)),
    ("báo cáo q4", Report(4)),
    ("báo cáo 6 tháng", Report(six_months=True)),
    ("Báo cáo 6 tháng đầu năm", Report(six_months=True, half=1)),
    ("bao cao 6 thang cuoi nam", Report(six_months=True, half=2)),
    ("báo cáo sáu tháng", Report(six_months=True)),
    ("/baocao 6 tháng đầu", Report(six_months=True, half=1)),
    ("báo cáo giao ban", Report(meeting=True)),
    ("bao cao giao ban", Report(meeting=True)),
    ("/baocao giao ban", Report(meeting=True)),
    ("Báo Cáo Giao Ban?", Report(meeting=True)),
    ("lịch", Calendar()),
    ("hướng dẫn", Help()),
    ("help", Help()),
    ("trợ giúp", Help()),
    ("/start", Help()),
    ("/lienket ab12cd", Link("AB12CD")),
    ("liên kết AB-12-CD", Link("AB12CD")),
    ("/start ab12cd", Link("AB12CD")),  # a t.me deep link
    ("nhắc lại 17", Snooze("17")),
]


@pytest.mark.parametrize(("text", "expected"), PLAIN)
def test_reads_real_phrasings(text: str, expected: Command) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(("text", "expected"), PLAIN)
def test_diacritics_case_and_unicode_form_do_not_matter(text: str, expected: Command) -> None:
    for variant in (nfd(text), unaccented(text), text.upper(), unaccented(text).lower(), f"  {text}  "):
        assert parse(variant) == expected, variant


@pytest.mark.parametrize(("text", "expected"), PLAIN)
def test_slash_and_mentions_address_the_same_command(text: str, expected: Command) -> None:
    assert parse(f"/{text}") == expected
    assert parse(f"@{BOT} {text}", bot_username=BOT) == expected
    assert parse(text, addressed=True) == expected


WITH_TEXT = [
    ("xong 17 đã gửi kế hoạch", Done(("17",), "đã gửi kế hoạch")),
    ("xong 17, 18 - đã nộp Văn phòng", Done(("17", "18"), "đã nộp Văn phòng")),
    ("xong 17!", Done(("17",))),
    ("td 17 50% đã khảo sát xong", Progress("17", 50, "đã khảo sát xong")),
    ("gia hạn 17 30/6 chờ hướng dẫn của thành phố", Extend("17", "30/6", "chờ hướng dẫn của thành phố")),
    ("gia han 17 30/6 ly do", Extend("17", "30/6", "ly do")),
    ("gia hạn 17 thứ 6 tuần sau, do bận", Extend("17", "thứ 6 tuần sau", "do bận")),
    ("Gia hạn 17 ngày 20 tháng 12 vì chờ ký", Extend("17", "ngày 20 tháng 12", "vì chờ ký")),
    ("gia hạn 17 cuối tháng 12", Extend("17", "cuối tháng 12")),
    ("hạn 17 đến 30/6", SetDate("17", "đến 30/6")),
    ("hạn 17 cuối quý", SetDate("17", "cuối quý")),
]


@pytest.mark.parametrize(("text", "expected"), WITH_TEXT)
def test_notes_and_reasons_keep_what_was_typed(text: str, expected: Command) -> None:
    assert parse(text, today=TODAY, addressed=True) == expected
    assert parse(nfd(text), today=TODAY, addressed=True) == expected  # notes come back composed (NFC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("xong 17: đã gửi kế hoạch", Done(("17",), "đã gửi kế hoạch")),
        ("xong 17 - đã gửi kế hoạch", Done(("17",), "đã gửi kế hoạch")),
        ("xong 17 (kèm quyết định)", Done(("17",), "(kèm quyết định)")),
        ("xong 17", Done(("17",))),
        ("xong 17 đã gửi kế hoạch", Done(("17",), "đã gửi kế hoạch", tentative=True)),  # if 17 is a task
        ("xong 3 bài", None),
        ("xong 5 hồ sơ", None),
        # questions, negations and instructions are never reports, whatever follows the number
        ("xong 17 chưa?", None),
        ("Đã xong 17 chưa em?", None),
        ("xong 17 không?", None),
        ("xong 17 đâu", None),
        ("xong 17 chưa được", None),
        ("xong 17 thì báo anh nhé", None),
        ("hoàn thành 17 trước 30/6 nhé", None),
        ("xong 3-4 hôm nữa", None),
        # a person or a time right after the number may be a report or not: asked, never taken
        ("xong rồi 2 chị ơi", MaybeDone(("2",))),
        ("xong 2 hôm qua rồi", MaybeDone(("2",), "hôm qua")),
        ("xong 20 phiếu", None),
        ("xong 1 năm", None),
        ("hoàn thành 30 % rồi", None),
        ("xong 20 %", None),
        ("xong 2 cái rồi anh ơi", None),
        ("Hoàn thành 5 nhiệm vụ rồi", None),
        ("Xong 1 nửa rồi", None),
        ("xong 1/2 rồi", None),
    ],
)
def test_in_a_group_an_unmarked_note_is_a_report_only_if_no_counting_word_follows(text: str,
                                                                                   expected: Command | None) -> None:
    assert parse(text, bot_username=BOT) == expected
    assert parse(f"/{text}", bot_username=BOT) is not None  # addressed with "/", the words are a note


@pytest.mark.parametrize(
    ("text", "username"),
    [
        ("/xong@NhacViecBot 17", BOT),
        ("/xong@nhacviecbot 17", BOT),
        ("/xong@NhacViecBot 17", None),  # username unknown: a /command is still for us
        ("@NhacViecBot xong 17", BOT),
        ("@nhacviecbot: xong 17", BOT),
        ("@NhacViecBot, xong17", BOT),
        ("xong 17 @NhacViecBot", BOT),
        ("@NhacViecBot /xong 17", BOT),
    ],
)
def test_telegram_and_zalo_group_forms(text: str, username: str | None) -> None:
    assert parse(text, bot_username=username) == Done(("17",))


def test_command_for_another_bot_is_ignored() -> None:
    assert parse("/xong@OtherBot 17", bot_username=BOT) is None
    assert parse("/xong@OtherBot 17", bot_username=BOT, addressed=True) == Done(("17",))


@pytest.mark.parametrize(
    "text",
    [
        "chào cả nhà",
        "17 người tham dự hôm nay",
        "Hôm nay họp lúc 14h",
        "xong rồi nhé cả nhà",
        "xong rồi",
        "hạn nộp là thứ 6 nhé",
        "hạn 17 là bao giờ",
        "lịch họp chiều nay",
        "việc này ai làm",
        "quá hạn rồi anh ơi",
        "nhiệm vụ 17 đã xong chưa",
        "báo cáo kết quả gửi chị nhé",
        "?",
        "2026",
        "@Lan xong 17 chưa",
        "ok",
        "",
        "   ",
    ],
)
def test_group_talk_gets_no_answer(text: str) -> None:
    assert parse(text, bot_username=BOT) is None


@pytest.mark.parametrize(
    ("text", "suggestion", "hint"),
    [
        ("xong", "xong", HINTS["missing_task"].format(example="xong 17")),
        ("XONG!", "xong", HINTS["missing_task"].format(example="xong 17")),
        ("duyệt", "duyệt", HINTS["missing_task"].format(example="duyệt 17")),
        ("xong 12-10", "xong", HINTS["reversed_range"]),
        ("xong 1-51", "xong", HINTS["big_range"]),
        ("xong 24.1-25", "xong", HINTS["bad_range"]),
        ("td 17 101%", "tiến độ", HINTS["bad_percent"]),
        ("td 17", "tiến độ", HINTS["missing_percent"]),
        ("gia hạn 17", "gia hạn", HINTS["missing_date"].format(example="gia hạn 17 30/6 chờ hướng dẫn")),
        ("mở lại 17, 18", "mở lại", HINTS["one_task"].format(example="mở lại 17")),
        ("sắp tới 400 ngày", "sắp tới", HINTS["bad_days"]),
        ("báo cáo quý 5", "báo cáo", HINTS["bad_quarter"]),
        ("báo cáo quý V", "báo cáo", HINTS["bad_quarter"]),
        ("liên kết", "liên kết", HINTS["missing_code"]),
    ],
)
def test_command_word_with_wrong_arguments_gets_a_hint(text: str, suggestion: str, hint: str) -> None:
    assert parse(text) == Unknown(text, suggestion, hint)


def test_hints_for_talk_shaped_failures_only_when_addressed() -> None:
    talk = "hạn 17 là bao giờ"
    assert parse(talk) is None
    assert parse(talk, addressed=True) == Unknown(talk, "hạn", HINTS["bad_date"])
    assert parse("/xong rồi") == Unknown("/xong rồi", "xong", HINTS["missing_task"].format(example="xong 17"))


def test_range_is_capped_at_fifty() -> None:
    done = parse("xong 1-50")
    assert isinstance(done, Done) and done.tasks == tuple(str(n) for n in range(1, 51))


def test_extend_refuses_implausible_years_when_today_is_known() -> None:
    text = "gia hạn 17 30/6/2035 lý do"
    assert parse(text, today=TODAY, addressed=True) == Unknown(text, "gia hạn", HINTS["bad_date"])
    assert parse(text, today=TODAY) is None  # an unreadable date without "/" may be talk: stay quiet
    assert parse(text) == Extend("17", "30/6/2035", "lý do")  # without today only the shape is checked


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("xomg 17", "xong"), ("qua hn", "quá hạn"), ("quá hn", "quá hạn"), ("sap toii", "sắp tới"),
     ("bao cai", "báo cáo"), ("lihc", "lịch"), ("chào bot", None), ("17 người", None)],
)
def test_not_understood_suggests_the_closest_command(text: str, suggestion: str | None) -> None:
    assert parse(text, addressed=True) == Unknown(text, suggestion)
    assert parse(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("/", Help()), (f"@{BOT}", Help()), ("?", Help()), ("  ", Unknown(""))],
)
def test_addressed_without_words(text: str, expected: Command) -> None:
    assert parse(text, bot_username=BOT, addressed=True) == expected


SAMPLE_ARGS = {"xong": " 17", "tiến độ": " 17 50%", "hoàn tác": " 17", "hạn": " 17 30/6", "gia hạn": " 17 30/6",
               "duyệt": " 17", "nv": " 17", "nhắc lại": " 17", "liên kết": " AB12",
               "yêu cầu giải trình": " 17", "giải trình": " 17: chờ hướng dẫn, đề xuất hạn mới 30/6",
               "giao": " kt: Báo cáo thu ngân sách, hạn 15/12/2026", "nhận": " 17", "phần": " 17 xong",
               "hỏi phần": " 17"}


@pytest.mark.parametrize("name", list(COMMAND_WORDS))
def test_every_listed_command_word_and_its_ascii_alias_parse(name: str) -> None:
    alias = ASCII_ALIASES[name]
    assert re.fullmatch(r"[a-z0-9_]{1,32}", alias)
    args = SAMPLE_ARGS.get(name, "")
    by_name = parse(name + args)
    assert by_name is not None and not isinstance(by_name, Unknown)
    assert parse(f"/{alias}{args}") == by_name
    assert parse(f"/{alias}@{BOT}{args}", bot_username=BOT) == by_name


def test_menu_lists_every_command_once() -> None:
    menu = telegram_menu()
    assert [alias for alias, _ in menu] == list(ASCII_ALIASES.values())
    assert len({alias for alias, _ in menu}) == len(menu) == len(COMMAND_WORDS) == 24  # issue 26: «yêu cầu giải trình», «giải trình», «giao», «nhận», «phần», «hỏi phần»; issue 27: «bảng», «thu hồi bảng»
    assert all(3 <= len(description) <= 256 for _, description in menu)
    assert {"xong", "quahan", "viec", "saptoi", "tonghop", "baocao", "lich", "huongdan", "lienket", "nv",
            "tiendo", "hoantac", "han", "giahan", "duyet", "nhan", "giao"} <= set(ASCII_ALIASES.values())


def test_commands_are_frozen() -> None:
    with pytest.raises(AttributeError):
        Done(("17",)).note = "x"  # type: ignore[misc]


@pytest.mark.parametrize("module", ["bot/core/commands.py", "bot/core/dates.py"])
def test_modules_stay_pure(module: str) -> None:
    tree = ast.parse((Path(__file__).parents[2] / module).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)
                for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])}
    assert not imported & {"os", "telegram", "sqlalchemy", "apscheduler", "time"}
    clock = [node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
             and isinstance(node.value, ast.Name) and node.value.id in {"date", "datetime"}
             and node.attr in {"now", "today", "utcnow"}]
    assert clock == []  # "today" is passed in, never read


# --- properties ---------------------------------------------------------------------------------------

WORDS = ["xong", "Xong", "hoàn thành", "td", "tiến độ", "gia hạn", "hạn", "duyệt", "nv", "xem", "việc", "quá hạn",
         "sắp tới", "báo cáo", "quý", "II", "lịch", "liên kết", "nhắc lại", "hoàn tác", "/", "@NhacViecBot", "?",
         "17", "24.1", "BC-hcc", "10-12", "50%", "101", ",", "và", "30/6", "thứ 6", "tuần sau", "chờ", "đã gửi"]
TEXTS = st.one_of(st.text(max_size=60), st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join))


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.booleans(), st.sampled_from([None, BOT]))
def test_never_raises_and_answers_a_command_or_nothing(text: str, addressed: bool, username: str | None) -> None:
    result = parse(text, bot_username=username, addressed=addressed, today=TODAY)
    assert result is None or isinstance(result, Command)
    if addressed and text:
        assert result is not None


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_unicode_form_never_changes_the_answer(text: str) -> None:
    assert parse(nfd(text), bot_username=BOT) == parse(unicodedata.normalize("NFC", text), bot_username=BOT)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 999), st.integers(0, 99), st.sampled_from(["xong ", "XONG", "/xong ", "Hoàn thành "]))
def test_any_task_number(number: int, sub: int, word: str) -> None:
    assert parse(f"{word}{number}") == Done((str(number),))
    assert parse(f"{word}{number}.{sub}") == Done((f"{number}.{sub}",))
    assert parse(str(number)) == Show(str(number))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 200), st.integers(0, 60))
def test_ranges_expand_in_order_or_refuse(first: int, length: int) -> None:
    result = parse(f"xong {first}-{first + length}")
    if length < 50:
        assert result == Done(tuple(str(n) for n in range(first, first + length + 1)))
    else:
        assert result == Unknown(f"xong {first}-{first + length}", "xong", HINTS["big_range"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # polite words around a report leave it a report (issue 23): taken as typed, no filler kept as a note
        ("đã xong 19", Done(("19",))),
        ("Đã hoàn thành 19", Done(("19",))),
        ("xong 17 với 18 rồi", Done(("17", "18"))),
        ("19 xong", Done(("19",))),
        ("17, 18 đã xong rồi", Done(("17", "18"))),
        ("xong rồi 19", Done(("19",))),
        ("chi tiết 19", Show("19")),
        ("chi tiet 19", Show("19")),
        ("nv17", Show("17")),
        ("đã xong", None),  # "it's done", said in a group: nothing asked
        ("xong rồi nhé", None),
    ],
)
def test_natural_phrasings_in_a_group(text: str, expected: Command | None) -> None:
    assert parse(text, bot_username=BOT) == expected


@pytest.mark.parametrize("text", ["abc xong 17", "anh ơi cho em hỏi xong 17", "em báo cáo quý 1 rồi"])
def test_a_command_word_typed_is_never_suggested_back(text: str) -> None:
    command = parse(text, addressed=True)
    assert isinstance(command, Unknown) and command.suggestion is None
