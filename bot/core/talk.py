"""Does a message report work done, is it talk, or is it worth one question?  (pure)

"xong 17" may be said many ways in a group: "Xong 27 nhé", "em xong 17 rồi ạ", "ok xong 17", "17, 18 đã
xong rồi", "xong 17 đã nộp kế hoạch". Polite particles, emoji and the speaker's own pronoun change nothing.
A question ("xong 17 chưa?", "khi nào xong 17"), a negation ("chưa xong 17") or an instruction ("xong 17
thì báo anh", "nhớ xong 17") is talk, and so is a count ("xong 2 cái", "xong 20 %"). What is left — a name
before the word, words after the number that say nothing of the work — may be a report: it is asked about.

Word lists hold folded words; where a tone tells two words apart ("ạ" asks nothing, "à" asks), a word typed
with its marks must be the marked spelling listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.tokens import Invalid, Phrases, Text, read_id, read_list
from bot.core.tokens import read as read_tokens

REPORT, TENTATIVE, UNSURE, TALK = "report", "tentative", "unsure", "talk"


@dataclass(frozen=True)
class Words:
    """Words of a class: typed plain, the folded word must be in `plain`; typed with marks, in `marked`."""

    plain: frozenset[str]
    marked: frozenset[str]

    @classmethod
    def of(cls, marked: str, plain: str = "") -> Words:
        return cls(frozenset(plain.split()), frozenset(marked.split()))

    def has(self, t: Text, i: int) -> bool:
        if i >= len(t.tokens) or t.tokens[i].kind != "w":
            return False
        typed = t.word(i)
        return typed in self.marked if not typed.isascii() else t.tokens[i].text in self.plain


PARTICLES = Words.of("ạ nhé nhá nhen nghen nha rồi luôn ơi", "a ak ah nhe nha nhen nghen roi luon oi ok oke okie oki okay")
PRONOUNS = Words.of("em anh chị mình tôi tớ sếp bác cô chú", "em anh chi minh toi sep bac")
EVERYONE = frozenset({"ca nha", "moi nguoi", "anh chi", "cac anh", "cac chi", "ca phong", "ca to"})  # "cả nhà"
OPENERS = Words.of("dạ vâng đã vừa mới cũng làm đều", "da vang vua moi cung lam deu")  # before the word only
TALK_WORDS = Words.of(
    "chưa không hông hok đâu hả à á nhỉ sao gì chẳng chả ai thì trước phải cần hãy giúp nhớ sẽ sắp đang còn nếu đi"
    " để hỏi khi mấy",
    "chua khong ko k kg kh hong hok dau ha nhi sao gi chang ai thi truoc phai can giup nho se sap con neu di khi hoi")
TALK_PHRASES = Phrases(dict.fromkeys(
    ("bao gio", "khi nao", "luc nao", "the nao", "lam sao", "hom nua", "ngay mai", "sang mai", "chieu mai",
     "tuan sau", "thang sau", "tuan toi", "thang toi", "nam sau", "duoc khong", "bao nhieu", "o dau"), True))
# a talk word inside a phrase that says nothing of the kind: "cán bộ", "đầu mối", "bản sao", "trước hạn"
NOT_TALK = frozenset({"can bo", "can cu", "dau moi", "dau tu", "dau thau", "dau thang", "dau quy", "dau nam",
                      "ban sao", "sao y", "truoc han", "ha tang", "ha noi", "thi hanh", "thi dua", "thi diem",
                      "thuc thi", "chia se", "sap xep", "di tich", "di doi", "di dong", "con dau", "con lai",
                      "tuan truoc", "thang truoc", "hom truoc", "nam truoc"})
# after the number, a count of things: "xong 2 cái", "xong 5 hồ sơ", "xong 3 bài" ("2 ảnh"; "anh" is a person)
COUNTED = Phrases(dict.fromkeys((
    "cai", "bai", "nguoi", "nua", "viec", "ban", "cuon", "quyen", "to", "trang", "file", "tep", "phan", "lan", "buoi",
    "ngay", "thang", "tuan", "gio", "phut", "muc", "don", "bo", "chiec", "hop", "goi", "thu", "hs", "tt", "xa", "thon",
    "phong", "cuoc", "dot", "lop", "tin", "hinh", "so", "hom", "nam", "phieu", "cau", "tieng", "ty", "trieu", "dong",
    "km", "lo", "hang", "ho", "ho so", "nhiem vu", "van ban", "cong van", "to trinh", "bao cao", "ke hoach",
    "quyet dinh", "thu tuc"), True))
PHOTOS = Words.of("ảnh")
# when the work was done, right after the number: no count ("xong 17 hôm qua"), though not a report's note
WHEN = Phrases(dict.fromkeys(("hom qua", "hom nay", "sang nay", "chieu nay", "toi qua", "tuan truoc", "thang truoc",
                              "hom truoc", "vua roi", "luc nay"), True))
# what a note that reports the work begins with: "đã nộp", "kèm quyết định", "ban hành ngày 12/3"
REPORTING = Phrases(dict.fromkeys(
    ("da", "nop", "gui", "ban hanh", "trinh", "kem", "hoan tat", "ky", "co quyet dinh", "co van ban", "theo", "vua",
     "dung han", "truoc han", "tre", "cap nhat", "hoan thien"), True))
DONE_WORDS = Phrases({"xong": "xong", "hoan thanh": "xong", "done": "xong", "ht": "xong"})
MIDDLE_DONE_WORDS = Phrases({"xong": "xong", "hoan thanh": "xong"})  # after unknown words: not "ht", "done"
TASK_WORDS = Phrases(dict.fromkeys(("nhiem vu", "nv", "so"), True))  # "xong nhiệm vụ số 17"
OPENING_PHRASES = Phrases(dict.fromkeys(("bao cao", "anh chi"), True))  # "em báo cáo xong 17"
STRUCTURE = frozenset(":-()/%?@#=&+\"'")  # marks that mean something; any other mark or emoji is a filler
TRAILING_MARKS = frozenset(".!,;~…")
LEADING_MARKS = frozenset(",;:-.")
TO_SOMEONE = frozenset({"cho", "voi", "toi", "den", "gui"})  # "đã gửi cho em": "em" is not a filler there
UNKNOWN_LEAD = 6  # unknown words before "xong" looked past: "anh Nam xong 17 rồi", "@Lan xong 17"


@dataclass(frozen=True)
class Said:
    """What a report-shaped message says: its kind (REPORT, TENTATIVE, UNSURE, TALK), tasks and note."""

    kind: str
    tasks: tuple[str, ...] = ()
    note: str = ""


NOT_A_REPORT = Said("")  # no report's shape at all: other readers may take the message


def _filler_mark(t: Text, i: int) -> bool:
    token = t.tokens[i]
    return token.kind == "p" and token.text not in STRUCTURE


def _everyone(t: Text, i: int) -> bool:
    """"cả nhà", "mọi người": the whole group, spoken to."""
    return f"{t.text_at(i)} {t.text_at(i + 1)}" in EVERYONE


def _opening(t: Text, i: int) -> int:
    """The token after the polite words a report may open with: "dạ em", "ok", "anh ơi", "em báo cáo"."""
    while i < len(t.tokens) and read_id(t, i) is None:  # "ok a.i.1.1 xong": "a" is a section there, no "ạ"
        if PARTICLES.has(t, i) or PRONOUNS.has(t, i) or OPENERS.has(t, i) or _filler_mark(t, i):
            i += 1
        elif _everyone(t, i):
            i += 2
        elif OPENING_PHRASES.at(t, i) and _reports_next(t, OPENING_PHRASES.at(t, i)[1]):
            i = OPENING_PHRASES.at(t, i)[1]
        else:
            return i
    return i


def _reports_next(t: Text, i: int) -> bool:
    """After "em báo cáo": the report itself ("xong 17", "17 xong", "nhiệm vụ 17 …") or the speaker."""
    return DONE_WORDS.at(t, i) is not None or PRONOUNS.has(t, i) or read_id(t, past_task_words(t, i)) is not None


def _question_mark(t: Text, i: int) -> bool:
    """A "?" that ends a clause ("xong 17 chưa?", "xong chưa? gửi đi"), not one inside a link or a code
    ("http://…/?id=3": the next token follows it with no space)."""
    if t.tokens[i].text != "?":
        return False
    return i + 1 >= len(t.tokens) or t.tokens[i + 1].spaced or t.line_break_before(i + 1)


def asks(t: Text, start: int = 0) -> bool:
    """A question mark ending a clause from token `start` on: a question, not a statement."""
    return any(_question_mark(t, i) for i in range(start, len(t.tokens)))


def _talk_at(t: Text, i: int) -> bool:
    token = t.tokens[i]
    if _question_mark(t, i):
        return True
    if TALK_PHRASES.at(t, i) is not None:
        return True
    if not TALK_WORDS.has(t, i):
        return False
    before = f"{t.text_at(i - 1)} {token.text}" if i else ""
    return before not in NOT_TALK and f"{token.text} {t.text_at(i + 1)}" not in NOT_TALK


def has_talk(t: Text, head: int, tail: int, end: int) -> bool:
    """A question, a negation or an instruction before token `head` or from `tail` to `end` (the words around
    the report's own: "kh-vp" is a task, not «không»), or a question mark anywhere."""
    return any(_talk_at(t, i) for i in (*range(head), *range(tail, end))) or \
        any(_question_mark(t, i) for i in range(len(t.tokens)))


def _note_start(t: Text, i: int) -> int | None:
    """Where a note marked as one begins: "xong 17: …", "xong 17 (…)", "xong 17 - …", or on the next line."""
    if i >= len(t.tokens):
        return None
    text = t.tokens[i].text
    if t.line_break_before(i) or text == "(":
        return i
    if text == ":" or (text == "-" and i + 1 < len(t.tokens) and t.tokens[i + 1].spaced):
        return i + 1
    return None


def _skip_fillers(t: Text, i: int) -> int:
    """Past particles, emoji and trailing marks; a pronoun too, unless it follows a number ("xong 2 chị")."""
    while i < len(t.tokens):
        if PARTICLES.has(t, i) or _filler_mark(t, i) or (PRONOUNS.has(t, i) and t.tokens[i - 1].kind != "n"):
            i += 1
        elif _everyone(t, i) and t.tokens[i - 1].kind != "n":
            i += 2
        else:
            break
    return i


def note(t: Text, i: int) -> str:
    """What was typed from token i on, without the fillers and marks around it: "rồi ạ" is no note."""
    end = len(t.tokens) - 1
    while i <= end and (t.tokens[i].text in LEADING_MARKS or PARTICLES.has(t, i)):
        i += 1
    stripped = False
    while end >= i:
        spoken_to = 2 if end - 1 >= i and _everyone(t, end - 1) else 1 if PRONOUNS.has(t, end) else 0
        before = end - spoken_to  # "…nhé em", "…rồi anh ạ", "…nhé cả nhà": the people spoken to, not the note
        if spoken_to and t.text_at(before) not in TO_SOMEONE and (stripped or PARTICLES.has(t, before)):
            stripped, end = True, before
        elif PARTICLES.has(t, end) or t.tokens[end].text in TRAILING_MARKS or _filler_mark(t, end):
            stripped, end = True, end - 1
        else:
            break
    return t.typed(i, end).strip()


def _counts(t: Text, i: int) -> bool:
    """Right after the numbers, a count: "2 cái", "20 %", "3 ảnh" (not "ngày 12/3": a date)."""
    if i >= len(t.tokens):
        return False
    if t.tokens[i].text == "%" or PHOTOS.has(t, i):
        return True
    if WHEN.at(t, i) is not None or REPORTING.at(t, i) is not None:  # "hôm qua", "ban hành": no count
        return False
    counted = COUNTED.at(t, i)
    return counted is not None and not (counted[1] < len(t.tokens) and t.tokens[counted[1]].kind == "n")


def _blank(t: Text, i: int) -> bool:
    return all(token.kind == "p" for token in t.tokens[i:])


def read(t: Text, explicit: bool) -> Said:
    """The report in a message, TALK, or NOT_A_REPORT; raises Invalid where a hint is due ("xong" alone,
    "xong 12-10"): only for a message that opens with the word, since talk may hold anything."""
    start = _opening(t, 0)
    word = DONE_WORDS.at(t, start)
    if word is not None:
        return _after_word(t, explicit, start, (start, word[1]), known=True)
    first = _numbers_first(t, start, explicit)
    if first is not NOT_A_REPORT or explicit or t.text_at(start)[:1].isdigit():
        return first  # "17 người tham dự": numbers first, and no report
    for i in range(start + 1, min(len(t.tokens), start + UNKNOWN_LEAD)):  # "anh Nam xong 17", "@Lan 17 xong"
        said = _after_unknown(t, start, i)
        if said is not NOT_A_REPORT:
            return said
    return NOT_A_REPORT


def _after_unknown(t: Text, start: int, i: int) -> Said:
    """A report after words that are not the report's own ("Lan xong 17 rồi"): unsure at best."""
    middle = MIDDLE_DONE_WORDS.at(t, i)
    if middle is None and t.tokens[i - 1].kind == "n":
        return NOT_A_REPORT  # inside a list of numbers read already
    try:
        said = _after_word(t, False, start, (i, middle[1]), known=False) if middle is not None else \
            _numbers_first(t, i, False)
    except Invalid:
        return Said(TALK)
    return Said(UNSURE, said.tasks, said.note) if said.kind in (REPORT, TENTATIVE) else said


def _after_word(t: Text, explicit: bool, start: int, word: tuple[int, int], known: bool) -> Said:
    """"xong [rồi] [nhiệm vụ số] 17, 18 …"; `word`: the token the word begins at and the one after it."""
    head, end = word
    after = end + 1 if t.text_at(end) == "roi" else end  # "xong rồi 19"
    tasks, last = read_list(t, past_task_words(t, after))
    if not tasks:
        if explicit or (start == 0 and known and _blank(t, end)):
            raise Invalid("missing_task")
        return Said(TALK)
    return _judge(t, explicit, known, tasks, (head, last), after_numbers=True)


def past_task_words(t: Text, i: int) -> int:
    """Past what may stand before a task number: "xong nhiệm vụ số 17", "xong #17", "nv: 17" (a few
    tokens at most: whatever follows, this is no scan of the message)."""
    for _ in range(4):
        words = TASK_WORDS.at(t, i)
        if words is not None:
            i = words[1]
        elif t.text_at(i) in ("#", ":"):
            i += 1
        else:
            break
    return i


def _numbers_first(t: Text, i: int, explicit: bool) -> Said:
    """"19 xong", "NV 17, 18 đã xong rồi"."""
    try:
        tasks, end = read_list(t, past_task_words(t, i))
    except Invalid:  # "17 17 17 …", "12-10 người": not a report of tasks
        return NOT_A_REPORT
    if not tasks:
        return NOT_A_REPORT
    word = DONE_WORDS.at(t, end + 1 if t.text_at(end) == "da" else end)
    if word is None:
        return NOT_A_REPORT
    return _judge(t, explicit, True, tasks, (i, word[1]), after_numbers=False)


def _judge(t: Text, explicit: bool, known: bool, tasks: tuple[str, ...], span: tuple[int, int],
           after_numbers: bool) -> Said:
    """`span`: where the report's own words (the word of the report, the numbers) begin, and the token after."""
    head, end = span
    marked = _note_start(t, end)
    talk = has_talk(t, head, end, len(t.tokens) if marked is None else marked)
    if explicit:
        return Said(UNSURE, tasks) if talk else Said(REPORT, tasks, note(t, end))
    if talk or (after_numbers and _counts(t, end)):
        return Said(TALK)
    if not known:
        return Said(UNSURE, tasks, note(t, end))
    if marked is not None:
        return Said(REPORT, tasks, note(t, marked))
    rest = _skip_fillers(t, end)
    if rest >= len(t.tokens):
        return Said(REPORT, tasks)
    if REPORTING.at(t, rest) is not None:
        return Said(TENTATIVE, tasks, note(t, rest))
    return Said(UNSURE, tasks, note(t, rest))


def strip_fillers(text: str) -> str:
    """A reason or note typed after a date, without the particles around it ("chờ ký nhé" -> "chờ ký")."""
    t = read_tokens(text)
    return note(t, 0) if t.tokens else text.strip()
