"""«giao kt: …» (issue 26, point 1): directions as chairmen and focal points type them, read into the task they
assign (bot.core.directions, plan_data.assigned) — whatever the order of the clauses, with or without diacritics,
politely; and what is asked instead of guessed: a unit the plan does not know, a deadline it cannot read."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.commands import Unknown
from bot.core.intents import Assign, AssignPerson
from bot.core.registry import parse
from plan_data import assigned
from plan_data.assigned import Assignment, Deadline, understand, unit_named
from plan_data.folding import fold
from plan_data.readers.importer import BUNDLED_PLAN, read_plan
from plan_data.units.spec import UnitDirectory

DIRECTORY = UnitDirectory(read_plan(BUNDLED_PLAN).units)
TODAY = date(2026, 12, 1)


def read(text: str, addressed: bool = True) -> Assign:
    command = parse(text, addressed=addressed)
    assert isinstance(command, Assign), command
    return command


def chosen(command: Assign) -> Assignment:
    """The cut the handler takes: the first whose unit the plan knows."""
    return next((c for c in command.choices if unit_named(c.lead, DIRECTORY)), command.choices[0])


# (typed, lead code, content, deadline as typed, source, coordinators' codes)
PHRASINGS = [
    ("giao kt: Báo cáo tình hình thu ngân sách quý IV, hạn 15/12/2026, theo CV 123/UBND-VP",
     "kt", "Báo cáo tình hình thu ngân sách quý IV", "15/12/2026", "CV 123/UBND-VP", ()),
    ("giao vp: Rà soát TTHC, hạn Quý I/2027, phối hợp hcc, dvsn",
     "vp", "Rà soát TTHC", "Quý I/2027", "", ("hcc", "dvsn")),
    ("giao Phòng Kinh tế: Kiểm tra hồ sơ đất đai, hạn trước ngày 20/12/2026",
     "kt", "Kiểm tra hồ sơ đất đai", "trước ngày 20/12/2026", "", ()),
    ("giao phong kinh te: kiem tra ho so, han truoc ngay 20/12/2026, theo cong van so 45/UBND-VP",
     "kt", "kiem tra ho so", "truoc ngay 20/12/2026", "cong van so 45/UBND-VP", ()),
    ("GIAO KT: BAO CAO THU NGAN SACH, HAN 15/12/2026", "kt", "BAO CAO THU NGAN SACH", "15/12/2026", "", ()),
    ("giao cho hcc giúp em: Số hóa hồ sơ một cửa; căn cứ Kế hoạch số 45/KH-UBND; hạn chót 31/12/2026 nhé",
     "hcc", "Số hóa hồ sơ một cửa", "31/12/2026", "Kế hoạch số 45/KH-UBND", ()),
    ("Giao VP: Rà soát TTHC (pH hcc, dvsn) hạn Quý I/2027 ạ", "vp", "Rà soát TTHC", "Quý I/2027", "",
     ("hcc", "dvsn")),
    ("giao Phòng Văn hóa - Xã hội - Tổ chức hội nghị tập huấn, chậm nhất ngày 30/12/2026",
     "vhxh", "Tổ chức hội nghị tập huấn", "chậm nhất ngày 30/12/2026", "", ()),
    ("giao dvsn - Rà soát, đánh giá dịch vụ công, thời hạn: trong tháng 12/2026, CV 12/UBND",
     "dvsn", "Rà soát, đánh giá dịch vụ công", "trong tháng 12/2026", "CV 12/UBND", ()),
    ("giao kt: Báo cáo kết quả hạn 15/12/2026 theo CV 12/UBND-KT", "kt", "Báo cáo kết quả", "15/12/2026",
     "CV 12/UBND-KT", ()),
    ("giao hcc: Theo dõi, đôn đốc việc số hóa, phối hợp với Văn phòng HĐND và UBND xã, hạn 20/12/2026",
     "hcc", "Theo dõi, đôn đốc việc số hóa", "20/12/2026", "", ("vp",)),
    ("/giao đvsn: Kiểm tra cơ sở vật chất. Hạn 18/12/2026. Theo Công văn số 7/UBND-VP.",
     "dvsn", "Kiểm tra cơ sở vật chất", "18/12/2026", "Công văn số 7/UBND-VP", ()),
    ("giao kt: Rà soát hồ sơ nhóm A, han 15/12/2026 a", "kt", "Rà soát hồ sơ nhóm A", "15/12/2026", "", ()),
    ("giao cho  KT nhé - Kiểm tra quỹ đất công ạ; hạn: 31/12/2026", "kt", "Kiểm tra quỹ đất công", "31/12/2026", "",
     ()),
    ("giao kt: Lập dự toán ngân sách năm 2027, hạn 25/12/2026, phoi hop vp va hcc, theo QĐ 12/QĐ-UBND",
     "kt", "Lập dự toán ngân sách năm 2027", "25/12/2026", "QĐ 12/QĐ-UBND", ("vp", "hcc")),
    # «hạn» ending a word of the work («trễ hạn», «quá hạn», «đúng hạn», «đến hạn») does not open the deadline
    ("giao hcc: Báo cáo số hồ sơ trễ hạn tháng 11, hạn 15/12/2026, theo CV 15/UBND-VP",
     "hcc", "Báo cáo số hồ sơ trễ hạn tháng 11", "15/12/2026", "CV 15/UBND-VP", ()),
    ("giao vp: Rà soát các nhiệm vụ quá hạn quý I và đúng hạn quý II, hạn 30/12/2026",
     "vp", "Rà soát các nhiệm vụ quá hạn quý I và đúng hạn quý II", "30/12/2026", "", ()),
    ("giao kt: Đối chiếu các khoản nợ đến hạn tháng 12 hạn 28/12/2026", "kt", "Đối chiếu các khoản nợ đến hạn tháng 12",
     "28/12/2026", "", ()),
    ("giao hcc: thong ke ho so tre han thang 11, han 10/12/2026", "hcc", "thong ke ho so tre han thang 11",
     "10/12/2026", "", ()),
    # typed without marks «qua/dung/den han» may be «quả hạn»…: the work's when another deadline follows it
    ("giao kt: doi chieu cac khoan no den han 15/11/2026, han 15/12/2026", "kt",
     "doi chieu cac khoan no den han 15/11/2026", "15/12/2026", "", ()),
    ("giao vp: ra soat nhiem vu qua han quy III, han 30/12/2026", "vp", "ra soat nhiem vu qua han quy III",
     "30/12/2026", "", ()),
    ("giao kt: Bao cao ket qua han 15/12/2026", "kt", "Bao cao ket qua", "15/12/2026", "", ()),
    # «hạn chế», «hạn mức» are words of the work, and «Hàn» is not «hạn»
    ("giao hcc: Rà soát, hạn chế hồ sơ giấy, hạn 20/12/2026", "hcc", "Rà soát, hạn chế hồ sơ giấy", "20/12/2026",
     "", ()),
    ("giao kt: Báo cáo, hạn mức chi thường xuyên, hạn 20/12/2026", "kt", "Báo cáo, hạn mức chi thường xuyên",
     "20/12/2026", "", ()),
    ("giao vp: Đón đoàn, Hàn Quốc sang thăm, hạn 20/12/2026", "vp", "Đón đoàn, Hàn Quốc sang thăm", "20/12/2026",
     "", ()),
]


@pytest.mark.parametrize(("typed", "lead", "content", "deadline", "source", "coordinators"), PHRASINGS)
def test_a_direction_as_typed_gives_its_lead_work_deadline_source_and_coordinators(
        typed: str, lead: str, content: str, deadline: str, source: str, coordinators: tuple[str, ...]) -> None:
    choice = chosen(read(typed))
    assert (choice.content, choice.deadline, choice.source) == (content, deadline, source)
    understood = understand(choice, DIRECTORY, 2026, "G1", TODAY)
    assert understood.task is not None and understood.deadline == Deadline.READ
    assert understood.task.leads == (lead,) and understood.task.responsible == lead
    assert understood.task.coordinators == coordinators
    assert understood.task.source == assigned.SOURCE and understood.task.section == assigned.SECTION


@pytest.mark.parametrize("typed", [
    "giao ban chiều nay lúc 2 giờ",  # the monthly meeting, talked about
    "giao hàng xong chưa em",
])
def test_group_talk_is_left_alone(typed: str) -> None:
    assert parse(typed) is None


@pytest.mark.parametrize(("typed", "task"), [("giao 17 @lan", "17"), ("giao G2 @lan", "G2"), ("giao nv 3 cho @lan", "3")])
def test_a_task_number_after_giao_is_the_person_form_not_a_direction(typed: str, task: str) -> None:
    command = parse(typed)
    assert isinstance(command, AssignPerson) and (command.task, command.person) == (task, "lan")


@pytest.mark.parametrize(("typed", "hint"), [
    ("giao", "dấu «:»"),
    ("giao kt", "dấu «:»"),
    ("giao kt: hạn 15/12/2026", "Thiếu nội dung"),
    ("giao 17", "Thiếu tên người"),  # the person form, said to the bot without its person
])
def test_said_to_the_bot_an_incomplete_direction_gets_a_hint(typed: str, hint: str) -> None:
    command = parse(typed, addressed=True)
    assert isinstance(command, Unknown) and hint in (command.hint or "")


def test_numbers_continue_from_every_number_ever_given() -> None:
    assert assigned.next_number([]) == "G1"
    assert assigned.next_number(["17", "G1", "g3", "BC-hcc", "G2"]) == "G4"  # a withdrawn G3 is never given again
    assert assigned.numbers_from("G4", 3) == ["G4", "G5", "G6"]


@pytest.mark.parametrize(("lead", "unknown"), [("xyz", ("xyz",)), ("Phòng Tài nguyên", ("Phòng Tài nguyên",))])
def test_a_unit_the_plan_does_not_know_is_asked_and_nothing_is_assigned(lead: str, unknown: tuple[str, ...]) -> None:
    understood = understand(Assignment(lead, "Kiểm tra", "15/12/2026"), DIRECTORY, 2026, "G1", TODAY)
    assert understood.task is None and understood.unknown == unknown


def test_an_unknown_coordinator_is_asked_too() -> None:
    understood = understand(Assignment("kt", "Kiểm tra", "15/12/2026", coordinators="hcc, Phòng Tư pháp"),
                            DIRECTORY, 2026, "G1", TODAY)
    assert understood.task is None and understood.unknown == ("Phòng Tư pháp",)


@pytest.mark.parametrize("lead", ["Sở Nội vụ", "chutich"])
def test_a_body_outside_the_commune_or_a_role_cannot_lead(lead: str) -> None:
    understood = understand(Assignment(lead, "Kiểm tra", "15/12/2026"), DIRECTORY, 2026, "G1", TODAY)
    assert understood.task is None and understood.not_a_lead


@pytest.mark.parametrize(("typed", "content", "coordinators", "deadline", "why"), [
    ("giao kt: Báo cáo số liệu hồ sơ, phối hợp hcc, hạn khi nào xong", "Báo cáo số liệu hồ sơ", ("hcc",),
     "khi nào xong", Deadline.EVENT),
    ("giao vp: kiem tra ho so, phoi hop dvsn, han: tuan sau nhe", "kiem tra ho so", ("dvsn",), "tuan sau",
     Deadline.UNREAD),
    ("giao kt: Báo cáo số liệu hồ sơ; theo CV 5/UBND; Hạn là cuối năm", "Báo cáo số liệu hồ sơ", (), "cuối năm",
     Deadline.UNREAD),
    # typed without marks, «qua han» before another «han» is the work's («quá hạn tháng 11»), not a deadline
    ("giao kt: thong ke ho so qua han thang 11, han khi nao xong", "thong ke ho so qua han thang 11", (),
     "khi nao xong", Deadline.EVENT),
])
def test_a_clause_opening_with_han_is_the_deadline_even_unread(typed: str, content: str, coordinators: tuple[str, ...],
                                                              deadline: str, why: str) -> None:
    """The words after «hạn» are the deadline however they read: a date not read leaves the task undated and is
    asked; they are never taken for a unit («phối hợp hcc, hạn khi nào xong») or for the work."""
    choice = chosen(read(typed))
    assert (choice.content, choice.deadline) == (content, deadline)
    understood = understand(choice, DIRECTORY, 2026, "G1", TODAY)
    assert understood.task is not None and understood.unknown == () and understood.deadline == why
    assert understood.task.schedule.due == () and understood.task.coordinators == coordinators  # no date guessed


@pytest.mark.parametrize(("deadline", "why"), [
    ("", Deadline.MISSING), ("tuần sau", Deadline.UNREAD), ("không rõ", Deadline.UNREAD),
    ("15/11/2026", Deadline.PAST), ("Đã ban hành", Deadline.UNREAD), ("31/02/2026", Deadline.UNREAD),
])
def test_a_deadline_not_read_leaves_the_task_undated_and_says_why(deadline: str, why: str) -> None:
    understood = understand(Assignment("kt", "Kiểm tra", deadline), DIRECTORY, 2026, "G3", TODAY)
    assert understood.task is not None and understood.deadline == why
    assert understood.task.undated and understood.task.schedule.due == ()
    assert understood.task.time_expression == deadline  # kept as typed, for the question


def test_a_deadline_that_waits_for_an_event_is_kept_as_such_and_its_date_asked() -> None:
    understood = understand(Assignment("kt", "Tổ chức triển khai", "Sau khi UBND xã ban hành kế hoạch"), DIRECTORY,
                            2026, "G3", TODAY)
    assert understood.task is not None and understood.deadline == Deadline.EVENT
    assert understood.task.schedule.kind.value == "event" and understood.task.schedule.due == ()


# --- a generator: directions composed from the parts real ones are made of --------------------------------

UNITS = [("kt", "Phòng Kinh tế"), ("vp", "Văn phòng HĐND và UBND xã"), ("hcc", "Trung tâm Phục vụ hành chính công"),
         ("dvsn", "Trung tâm Dịch vụ Sự nghiệp công"), ("vhxh", "Phòng Văn hóa - Xã hội")]
CONTENTS = ["Báo cáo tình hình thu ngân sách quý IV", "Rà soát, đánh giá thủ tục hành chính", "Kiểm tra hồ sơ một cửa",
            "Tổ chức hội nghị đối thoại với doanh nghiệp", "Cập nhật dữ liệu dân cư trên hệ thống",
            "Xây dựng kế hoạch tuyên truyền CCHC năm 2027", "Theo dõi, đôn đốc việc số hóa kết quả giải quyết TTHC"]
DEADLINES = [("15/12/2026", date(2026, 12, 15)), ("trước ngày 20/12/2026", date(2026, 12, 19)),
             ("chậm nhất ngày 18/12/2026", date(2026, 12, 18)), ("Quý I/2027", date(2027, 3, 31)),
             ("trong tháng 12/2026", date(2026, 12, 31)), ("30/01/2027", date(2027, 1, 30))]
DEADLINE_WORDS = ["hạn ", "Hạn: ", "thời hạn ", "hạn chót ", "hoàn thành ", ""]
# deadlines no date reads from, after a word that says they are the deadline: asked, never guessed
UNREAD = ["khi nào xong", "tuần sau", "cuối năm nay", "sớm nhất có thể", "theo tình hình"]
UNREAD_WORDS = ["hạn ", "Hạn: ", "hạn là ", "thời hạn "]
SOURCES = [("theo ", "CV 123/UBND-VP"), ("căn cứ ", "Công văn số 45/UBND-VP"), ("", "CV 12/UBND"),
           ("theo ", "Kế hoạch số 45/KH-UBND"), ("", "Công văn số 7/VP"), ("thực hiện theo ", "QĐ 88/QĐ-UBND")]
COORDINATION = ["phối hợp ", "pH ", "ph: ", "phối hợp với "]
JOINS = [", ", "; ", ". "]
# work that itself speaks of deadlines: «hồ sơ trễ hạn tháng 11» names no deadline of the direction
LATE_WORK = (["Thống kê hồ sơ", "Rà soát các nhiệm vụ", "Tổng hợp số hồ sơ", "Đối chiếu các khoản nợ"],
             ["trễ hạn", "quá hạn", "đúng hạn", "đến hạn", "hết hạn", "trong hạn"],
             ["tháng 11", "quý III", "năm 2026", "tháng 10/2026", "15/11/2026"])


def _unit_written(draw, code: str, name: str) -> str:
    return draw(st.sampled_from([code, code.upper(), name, name.lower(), fold(name)]))


@st.composite
def directions(draw):
    """(text, lead code, content, deadline text, due, source, coordinators' codes) of a composed direction."""
    code, name = draw(st.sampled_from(UNITS))
    head = draw(st.sampled_from(["giao ", "Giao ", "GIAO ", "/giao ", "giao cho "])) + _unit_written(draw, code, name)
    head += draw(st.sampled_from(["", " giúp em", " nhé"])) + draw(st.sampled_from([": ", " - ", ":"]))
    content = draw(st.sampled_from(CONTENTS)) if draw(st.booleans()) else " ".join(
        draw(st.sampled_from(part)) for part in LATE_WORK)
    if draw(st.integers(0, 4)):
        deadline, due = draw(st.sampled_from(DEADLINES))
        clauses = [("deadline", draw(st.sampled_from(DEADLINE_WORDS)) + deadline)]
    else:
        deadline, due = draw(st.sampled_from(UNREAD)), None
        clauses = [("deadline", draw(st.sampled_from(UNREAD_WORDS)) + deadline)]
    source = ""
    if draw(st.booleans()):
        opening, source = draw(st.sampled_from(SOURCES))
        clauses.append(("source", opening + source))
    others = draw(st.lists(st.sampled_from([u for u in UNITS if u[0] != code]), max_size=2, unique=True))
    if others:
        names = draw(st.sampled_from([", ", " và "])).join(_unit_written(draw, c, n) for c, n in others)
        clauses.append(("coordinators", draw(st.sampled_from(COORDINATION)) + names))
    clauses = draw(st.permutations(clauses))
    text = head + content + "".join(draw(st.sampled_from(JOINS)) + clause for _, clause in clauses)
    text += draw(st.sampled_from(["", " nhé", " ạ", " giúp em nhé", "."]))
    return text, code, content, deadline, due, source, tuple(c for c, _ in others)


def _without_marks(text: str) -> str:
    return fold(text)


@settings(max_examples=300, deadline=None)
@given(directions(), st.booleans())
def test_composed_directions_read_to_what_they_were_made_of(made, plain: bool) -> None:
    text, code, content, deadline, due, source, coordinators = made
    typed = _without_marks(text) if plain else text  # typed on a phone without diacritics: the same direction
    choice = chosen(read(typed))
    expect = (lambda s: fold(s)) if plain else (lambda s: s)
    assert fold(choice.content) == fold(content) and choice.source == expect(source)
    assert fold(choice.deadline) == fold(deadline)
    understood = understand(choice, DIRECTORY, 2026, "G1", TODAY)
    assert understood.task is not None, understood
    assert understood.task.responsible == code and set(understood.task.coordinators) == set(coordinators)
    assert (max(understood.task.schedule.due) if due else understood.task.schedule.due) == (due or ())
