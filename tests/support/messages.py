"""Group messages composed from parts, each knowing what it is: a report (to take), talk (to leave alone) or
unsure (to ask about). Parts are written from the classes of what officers type, not from any one chat:

- the word of the report, typed any way ("xong", "Hoàn thành", "XONG", "done"), first or after the numbers
  ("17, 18 đã xong rồi");
- task numbers in every form a plan prints and a phone types, in lists and ranges;
- polite openings and particles ("dạ em", "ok", "ạ", "nhé", "rồi", "a" for "ạ", emoji): still a report;
- notes that say what was done ("đã nộp kế hoạch", "(kèm quyết định)"): a report with that note;
- questions, negations, instructions and counts ("…chưa?", "chưa xong…", "…thì báo anh", "xong 2 cái"): talk;
- a name before the word or a person right after the number ("Lan xong 17", "xong 17 anh Nam ơi"): unsure.

A message with any talk part is talk; else with any unsure part, unsure; else a report. Messages are then
written plain, without diacritics, in capitals or decomposed (NFD), which changes none of that.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st

REPORT, TALK, UNSURE = "report", "talk", "unsure"
BOT = "NhacViecBot"


@dataclass(frozen=True)
class Composed:
    text: str
    kind: str
    tasks: tuple[str, ...]  # as the plan would print them
    note: str = ""  # a report's note as it should be kept ("" when the words around are only fillers)
    tentative: bool = False  # the note is unmarked: taken only when it names the chat's own tasks
    numbers_first: bool = False
    shape: str = ""  # what makes talk talk: question, asking, negation, instruction, ordering or count


WORDS = ("xong", "Xong", "XONG", "hoàn thành", "Hoàn thành", "hoan thanh", "done", "HT")
MIDDLE_WORDS = ("xong", "Xong", "hoàn thành", "hoan thanh")
AFTER_WORDS = ("xong", "đã xong", "Xong", "hoàn thành", "đã hoàn thành")  # "17 xong", "17 đã hoàn thành"
# (as typed, as the plan prints it): every form of a number a chat may hold
SINGLES = (("17", ("17",)), ("017", ("17",)), ("5", ("5",)), ("24.1", ("24.1",)), ("ii.3", ("II.3",)),
           ("II.3", ("II.3",)), ("iii.1.1", ("III.1.1",)), ("a.i.1.1", ("A.I.1.1",)), ("BC-hcc", ("BC-hcc",)),
           ("kh-VP", ("KH-vp",)), ("g1", ("G1",)), ("G 12", ("G12",)), ("#31", ("31",)))
RANGES = (("10-12", ("10", "11", "12")), ("10 - 12", ("10", "11", "12")), ("10 đến 12", ("10", "11", "12")),
          ("24.1-24.3", ("24.1", "24.2", "24.3")), ("ii.1-ii.3", ("II.1", "II.2", "II.3")),
          ("II.1 tới II.2", ("II.1", "II.2")))
JOINS = (", ", ",", " và ", " & ", "; ", " ", " với ", " + ")
BEFORE_NUMBERS = ("", "", "", "nhiệm vụ số ", "NV ", "nv ")
OPENINGS = ("", "", "em ", "dạ em ", "ok ", "Ok ", "em đã ", "👍 ", "anh ơi ", "chị ơi em ", "dạ ", "vâng ",
            "em báo cáo ", "mình ", "em vừa ")
PARTICLES = ("", "", " ạ", " nhé", " nha", " rồi", " rồi ạ", " ok", " a", " ạ!", " 👍", " nhé em", " rồi anh ạ",
             " !", ".", " ạ 🙏", " roi a", " nhe", " luôn", " rồi nhé cả nhà")
NOTES = ("đã nộp kế hoạch", "đã ban hành", "kèm quyết định", "đã gửi UBND xã", "đã trình ký", "đã ký số ngày 12/3",
         "nộp bản cứng cho Văn phòng", "đã đăng tại https://namanphu.gov.vn/?p=128",  # a "?" that asks nothing
         "đã cập nhật lên cổng: xem ở dichvucong.gov.vn/tra-cuu?ma=H31")
MARKS = ((": {}", "{}"), (" - {}", "{}"), (" ({})", "({})"), ("\n{}", "{}"))
QUESTIONS = (" chưa?", " chưa em?", " chưa", " không?", " được không", " à?", "?", " hả", " nhỉ", " khi nào")
ASKING_OPENINGS = ("khi nào ", "bao giờ ", "anh ơi khi nào ", "hỏi ")
NEGATIONS = ("chưa ", "em chưa ", "không ", "vẫn chưa ")
INSTRUCTIONS = (" thì báo anh", " thì báo anh nhé", " trước 30/6 nhé", " đi", " giúp chị nhé", " cần gấp")
ORDERING_OPENINGS = ("nhớ ", "các em nhớ ", "phải ", "cần ", "sẽ ", "sắp ", "em sẽ ")
COUNTS = (" cái", " bài", " hồ sơ", " %", "%", " phiếu", " cái rồi", " người")
NAMES = ("Lan ", "anh Nam ", "@Lan ", "chị Hoa ", "@tran_b ")
PERSONS_AFTER = (" anh Nam ơi", " chị Hoa", " em Lan ạ")
STYLES: dict[str, Callable[[str], str]] = {
    "as typed": lambda text: text,
    "plain": lambda text: unaccented(text),
    "capitals": str.upper,
    "NFD": lambda text: unicodedata.normalize("NFD", text),
}


def unaccented(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return text.replace("đ", "d").replace("Đ", "D")


Numbers = tuple[tuple[str, tuple[str, ...]], ...]


def numbers(rng: random.Random, pool: Numbers = SINGLES + RANGES) -> tuple[str, tuple[str, ...]]:
    """A list of one to four numbers and ranges from `pool`, as typed, and the tasks it names, each once."""
    parts, tasks = [], []
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
        typed, named = rng.choice(pool)
        parts.append(typed)
        tasks += named
    text = parts[0]
    for part in parts[1:]:
        text += rng.choice(JOINS) + part
    return text, tuple(dict.fromkeys(tasks))


def compose(rng: random.Random, pool: Numbers = SINGLES + RANGES) -> Composed:
    """One message: a report, talk or unsure, in one of the styles, naming numbers of `pool`."""
    typed, tasks = numbers(rng, pool)
    numbers_first = rng.random() < 0.3
    kind = rng.choice((REPORT, REPORT, REPORT, TALK, UNSURE))
    opening, tail, note, tentative, shape = rng.choice(OPENINGS), rng.choice(PARTICLES), "", False, ""
    if kind == REPORT and rng.random() < 0.5:
        note, tail, tentative = _noted(rng, tail)
    elif kind == TALK:
        shape, opening, tail = _talk(rng, opening, tail, numbers_first)
    elif kind == UNSURE:
        opening, tail = (rng.choice(NAMES), tail) if numbers_first or rng.random() < 0.6 else \
            (opening, rng.choice(PERSONS_AFTER) + tail)
    before = rng.choice(BEFORE_NUMBERS)
    if numbers_first:
        opening = opening.replace("đã ", "")  # "em đã 17 xong" is nobody's phrasing
        text = f"{opening}{before}{typed} {rng.choice(AFTER_WORDS)}{tail}"
    else:  # after a name, only the words that are a report's anywhere ("Lan HT 17" may be anything)
        word = rng.choice(WORDS if opening not in NAMES else MIDDLE_WORDS)
        text = f"{opening}{word} {before}{typed}{tail}"
    style = STYLES[rng.choice(list(STYLES))]
    note = unicodedata.normalize("NFC", style(note)) if kind == REPORT else ""  # notes come back composed
    return Composed(style(text), kind, tasks, note, tentative, numbers_first, shape)


def _noted(rng: random.Random, particles: str) -> tuple[str, str, bool]:
    """(note, tail, unmarked): a note after the numbers, marked (":", "-", "(…)", a new line) or not."""
    note = rng.choice(NOTES)
    if rng.random() < 0.5:
        shape, kept = rng.choice(MARKS)
        return kept.format(note), shape.format(note) + rng.choice(PARTICLES), False
    return note, " " + note + rng.choice(PARTICLES), True


def _talk(rng: random.Random, opening: str, tail: str, numbers_first: bool) -> tuple[str, str, str]:
    """(shape, opening, tail): a question, a negation, an instruction or (after the numbers) a count."""
    shapes = ["question", "asking", "negation", "instruction", "ordering"] + ([] if numbers_first else ["count"])
    shape = rng.choice(shapes)
    if shape == "question":
        return shape, opening, rng.choice(PARTICLES[:6]) + rng.choice(QUESTIONS)
    if shape == "asking":
        return shape, rng.choice(ASKING_OPENINGS), tail
    if shape == "negation":
        return shape, rng.choice(NEGATIONS), tail
    if shape == "instruction":
        return shape, opening, rng.choice(INSTRUCTIONS) + rng.choice(PARTICLES[:4])
    if shape == "ordering":
        return shape, rng.choice(ORDERING_OPENINGS), tail
    return shape, opening, rng.choice(COUNTS) + tail


def composed() -> st.SearchStrategy[Composed]:
    """Composed messages for hypothesis (a seed it can shrink)."""
    return st.integers(0, 2**32 - 1).map(lambda seed: compose(random.Random(seed)))
