"""Time cells that no whole phrase matches, read by composing their parts.  (pure)

A cell is cut into parts at ";" (each part must say something). A part that is a list of one kind of period
or date, or a yearly repeat, is read by plan_data.grammar.lists; any other is cut into clauses at sentence ends,
commas and " và ". Each clause is a label ("Hoàn thành", "Triển khai"), then an anchor ("trước", "từ",
"trong", "đến hết") and a period (a year, a range of years, a quarter, a month, a date) that a rule of
plan_data.grammar.rules reads (every row of its table, in its order: a new form goes there, not here). Then:
- the clauses that carry a date make the schedule: one of them, or several joined by "và", each its own
  occurrence; two dated clauses joined only by a comma are refused, as a remark that may hide a date;
  with none, a clause that repeats; a second repeat, or one beside a date, is refused;
- a clause without a digit, a narrowing («tháng đầu») or a repeat that cannot be read ("… và vận hành
  thường xuyên, liên tục") is a follow-up: kept as written in Schedule.note, never turned into a date;
- "X và các năm tiếp theo" and "từ X đến khi …" are ongoing from X's start; "từ X" with no end too;
- "trước năm Y" is due on 31/12 of Y-1, "(từ nay) đến hết năm Y" on 31/12 of Y.
Reading is linear in the cell: where a rule may begin and whether what follows it is harmless is found in
one pass (plan_data.grammar.scan), «từ … đến khi» is found without retrying every «từ», a bare date inherits
an anchor of at most _ANCHOR characters, and readings nest at most _DEPTH deep.
What cannot be read raises NotUnderstood with the cell as written.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from plan_data.folding import fold
from plan_data.grammar.lists import is_whole_year, is_yearly, read_list, year_then_yearly
from plan_data.grammar.parts import QUARTER, Kind, NotUnderstood, OpenStart, Schedule, Slot, one
from plan_data.grammar.phrases import _ROMAN_QUARTER, _THEO, _combine
from plan_data.grammar.qualify import Folded
from plan_data.grammar.rules import RULES
from plan_data.grammar.scan import Starts, harms

# What a label before the period may not contain: it would change or negate what the date means.
# «theo kế hoạch năm 2026»: a period after «theo» is the followed thing's, not the task's
_NEGATING = frozenset({
    "va", "khong", "chua", "tru", "ngoai", "hoac", "sau", "hang", "moi", "dinh", "lui", "som", "tre", "theo",
})  # fmt: skip
# The word right before the period may not qualify it ("đầu năm 2026", "cuối quý", "từ năm …").
_QUALIFYING = frozenset({
    "dau", "cuoi", "giua", "sau", "truoc", "tu", "den", "toi", "han", "chot", "cham", "muon", "nhat", "khi",
    "hoac", "tru", "ngoai", "khong", "chua", "lui", "som", "tre", "moi", "hang",
    "ngay",  # «chậm nhất ngày hằng tháng»: the day is left blank, the month's end is not it
})  # fmt: skip
_PERIOD_WORDS = frozenset({"ngay", "thang", "quy", "nam", "tuan", "ky"})  # a match may not start mid-period
_TAIL_STOP = frozenset({
    "quy", "thang", "ngay", "nam", "tuan", "truoc", "sau", "den", "tu", "han", "hang", "dau", "cuoi", "giua",
    "lan", "khi", "hoac", "tru", "ngoai", "lui", "dot", "moi", "hom", "mai", "toi",
})  # fmt: skip
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)", re.ASCII)

_FOLLOWING = re.compile(r"(?P<x>.+?),? (?:va )?(?:cac|nhung) nam (?:tiep theo|tiep sau|ke tiep|sau)", re.ASCII)
# «<label> từ X (cho) đến khi …»: read by _until_event with these parts, and «<label> từ X…» by _open
_TU = re.compile(r"\btu ", re.ASCII)
_EVENT_END = re.compile(r" (?:cho )?den (?:khi|luc)\b", re.ASCII)
_EVENT_AHEAD = re.compile(rf"(?={_EVENT_END.pattern})", re.ASCII)
_OPEN_X = re.compile(r"thang|quy|nam|\d", re.ASCII)
# A label or a follow-up kept as text may not narrow a period: «Quý IV, tháng đầu» is not the whole quarter
# ... nor repeat within the year («… và hằng quý liên tục ngày»): a follow-up may say «hằng năm», no more
_REPEAT = re.compile(r"\b(?:hang|moi|dinh ky) (?:ngay|tuan|thang|quy)\b", re.ASCII)
_PART_OF = re.compile(r"\b(?:dau|cuoi|giua)\b", re.ASCII)
_NARROWING = re.compile(r"\b(?<!bao cao )(?<!tong ket )(?<!so ket )(?:(?:dau|cuoi|giua)(?: tien| cung)? (?:ngay|tuan|thang"
                        r"|quy|nam|ky)|(?:ngay|tuan|thang|quy|nam) (?:dau|cuoi|giua))\b", re.ASCII)  # not a report's name


def _normalise(text: str) -> str:
    """Misspellings and punctuation that real plans use: «Quí», «IV-2025», «(nếu có)», a final dot."""
    text = re.sub(r"\bqui\b", "quy", text)
    text = re.sub(rf"\b(quy {QUARTER}|thang \d{{1,2}})\s*-\s*(\d{{4}})\b", r"\1/\2", text)
    text = re.sub(r"\([^()0-9]*\)", " ", text)  # a parenthesised rule or "(nếu có)" carries no date
    text = re.sub(r"\bbat dau\b", " ", text)
    text = re.sub(r"\bdau tu\b", "dautu", text)  # «đầu tư» (invest) is neither «đầu» (early) nor «từ» (from)  # «bắt đầu triển khai từ …»: the start is the anchor's
    text = re.sub(r"\s+", " ", text).strip(" .")
    return f"nam {text}" if re.fullmatch(r"\d{4}", text) else text


def _harmless_label(label: str) -> bool:
    return not harms(label, _NEGATING, _ROMAN_QUARTER)


_DEPTH = 3  # «X và các năm tiếp theo» around «từ X» around X: deeper nesting is no real cell


def _read_clause(clause: str, year: int, depth: int = 0) -> Schedule | None:
    """The clause's schedule, or None when no rule reads it; ValueError for a date that does not exist."""
    if depth > _DEPTH:
        return None
    for special in (_following, _until_event):
        found = special(clause)
        if found and _harmless_label(found[0]) and not re.search(r",| va ", found[1]):
            return _ongoing_from(_read_clause(found[1], year, depth + 1))
    if (found := _open(clause)) and _harmless_label(found[0]) and not re.search(r" den |-", found[1]):
        return _ongoing_from(_read_clause(found[1], year, depth + 1))
    if (schedule := _read_rules(clause, year)) is not None:
        return schedule
    if not any(c.isdigit() for c in clause):  # «triển khai theo lộ trình, hướng dẫn của Bộ»: when it is set
        for theo in re.finditer(r"(?<![a-z])theo ", clause):
            if not _harmless_label(clause[: theo.start()]):
                break  # a longer label holds the same harm
            if _THEO.match(clause, theo.start()):
                return one(Kind.EVENT, None)
    return None


def _read_rules(clause: str, year: int) -> Schedule | None:
    """The first rule that reads the clause from a word whose label neither negates nor narrows the period
    («tháng đầu tiên của quý IV» is not the whole quarter; «lần đầu trong năm 2026» is that year, «báo cáo
    cuối năm trước ngày 15/12» that day)."""
    starts = Starts.of(clause, _NEGATING, _TAIL_STOP, _ROMAN_QUARTER, quarter_in_tail=False)
    narrowed = m.end() if (m := _NARROWING.search(clause)) else len(clause) + 1
    for start, before in zip(starts.starts, starts.before, strict=True):
        if before in _QUALIFYING or start >= narrowed or (clause[start].isdigit() and before in _PERIOD_WORDS):
            continue
        for row in RULES:
            if m := starts.match(row.pattern, start):
                try:
                    return row.build(m, year)
                except OpenStart:  # «từ quý II/2026, thường xuyên»: the open start is read as a clause
                    continue
    return None


def _following(clause: str) -> tuple[str, str] | None:
    """«X, và các năm tiếp theo»: ("", X)."""
    m = _FOLLOWING.fullmatch(clause)
    return ("", m["x"]) if m else None


def _until_event(clause: str) -> tuple[str, str] | None:
    """«<label> từ X (cho) đến khi …» with no digit in the label or after «khi»: (label, X), from the first
    «từ» that has such an end before its next comma, X the shortest. What a lazy regex over the whole clause
    would give, without retrying every «từ» against the rest of the clause."""
    last_digit = max((i for i, ch in enumerate(clause) if "0" <= ch <= "9"), default=-1)
    ends = [m.start() for m in _EVENT_AHEAD.finditer(clause) if _EVENT_END.match(clause, m.start()).end() > last_digit]
    if not ends:
        return None
    first_digit = _first_digit(clause)
    commas = [i for i, ch in enumerate(clause) if ch == ","] + [len(clause)]
    for tu in _TU.finditer(clause):
        if tu.start() > first_digit:
            return None  # the label may hold no digit
        at = bisect_left(ends, tu.end() + 1)  # X holds one character at least
        if at < len(ends) and ends[at] < commas[bisect_left(commas, tu.end())]:
            return clause[: tu.start()], clause[tu.end(): ends[at]]
    return None


def _first_digit(clause: str) -> int:
    """Where the first ASCII digit is (the clause's length if none): a label before it holds no digit."""
    return next((i for i, ch in enumerate(clause) if "0" <= ch <= "9"), len(clause))


def _open(clause: str) -> tuple[str, str] | None:
    """«<label> từ tháng|quý|năm|<số> …» to the end with no comma: (label, X), from the first such «từ»."""
    first_digit = _first_digit(clause)
    last_comma = clause.rfind(",")
    for tu in _TU.finditer(clause):
        if tu.start() > first_digit:
            return None
        if tu.end() > last_comma and _OPEN_X.match(clause, tu.end()):
            return clause[: tu.start()], clause[tu.end():]
    return None


def _ongoing_from(part: Schedule | None) -> Schedule | None:
    """Ongoing from the start of a period or from a date: «từ tháng 10/2025 …», «năm 2026 và các năm …»."""
    if part is None or part.kind in (Kind.EVENT, Kind.RECURRING):
        return None
    first = part.occurrences[0]
    start = first.opens or first.due
    return None if start is None else Schedule(Kind.ONGOING, (Slot(None, start),), "")


def _clauses(part: str) -> list[tuple[str, str]]:
    """(joiner, clause) pairs: the joiner is how the clause hangs on the one before ("", ".", ",", "va")."""
    out: list[tuple[str, str]] = []
    for s_index, sentence in enumerate(re.split(r"\.\s+", part)):
        for c_index, piece in enumerate(re.split(r",\s*", sentence)):
            for v_index, clause in enumerate(re.split(r"\s+va\s+", piece)):
                joiner = "va" if v_index else "," if c_index else "." if s_index else ""
                if clause.strip(" ."):
                    out.append((joiner, clause.strip(" .")))
    return out


_ANCHOR = 80  # characters: «Hoàn thành và gửi báo cáo trước ngày » is an anchor; a paragraph is not


def _with_inherited(clauses: list[tuple[str, str]], year: int) -> list[tuple[str, str, int]]:
    """Each clause with the year it defaults to (the next clause's written year: «tháng 6 và tháng 12/2026»),
    and a bare date after a dated clause takes that clause's anchor («trước ngày 15/6 và 15/12»)."""
    written: list[int] = []  # from the last clause back: the first year written at or after each
    for _joiner, clause in reversed(clauses):
        m = _YEAR.search(clause)
        written.append(int(m[1]) if m else written[-1] if written else year)
    written.reverse()
    out: list[tuple[str, str, int]] = []
    for (joiner, clause), default in zip(clauses, written, strict=True):
        if clause[:1].isdigit() and out and not re.fullmatch(r"\d{4}.*", clause):
            anchor = re.match(r"[^0-9]*", out[-1][1]).group(0)
            clause = f"{anchor}{clause}" if anchor.strip() and len(anchor) <= _ANCHOR else clause
        out.append((joiner, clause, default))
    return out


def _sorted_clauses(part: str, year: int) -> tuple[list[Schedule], list[tuple[Schedule, str]], list[str]]:
    """The part's clauses as (dated, undated with their text, follow-up texts); ValueError for a clause that
    may hide a date."""
    dated: list[Schedule] = []
    undated: list[tuple[Schedule, str]] = []
    notes: list[str] = []
    part_of = ""
    for joiner, clause, default in _with_inherited(_clauses(part), year):
        has_digit = any(c.isdigit() for c in clause)
        schedule = _read_clause(clause, default)
        if schedule is None:
            if has_digit or _NARROWING.search(clause) or _REPEAT.search(clause):
                raise ValueError(f"clause with a date not understood: {clause}")
            notes.append(clause)
        elif has_digit or schedule.kind in (Kind.WINDOW, Kind.DEADLINE):
            if dated and joiner == ",":
                raise ValueError("two dated clauses joined by a comma")
            if dated and _PART_OF.search(f"{part_of} {clause}"):
                raise ValueError("«tháng đầu của quý IV và quý I»: whether the first month is meant twice is not said")
            dated.append(schedule)
            part_of = clause
        else:
            undated.append((schedule, clause))
    return dated, undated, notes


def _compose_part(part: str, year: int) -> Schedule:
    if (listed := read_list(part, year)) is not None or (listed := _read_clause(part, year)) is not None:
        return listed
    dated, undated, notes = _sorted_clauses(part, year)
    if len(dated) == 1 and is_whole_year(dated[0]) and any(is_yearly(clause) for _s, clause in undated):
        dated = [year_then_yearly(dated[0].occurrences[0].opens.year, year)]  # «…, năm 2025 và hằng năm»
    repeats = {s.occurrences for s, _clause in undated if s.kind is Kind.RECURRING}
    if repeats and (dated or len(repeats) > 1):  # «hằng tháng, trước ngày 10 của tháng cuối quý»
        raise ValueError("two repeats, or a repeat beside a date: which one is meant is not said")
    # with no dated clause, one that repeats (and so has dates) is what the cell says: «theo kế hoạch, hằng quý»
    chosen = dated or [s for s, _clause in undated if s.due][:1] or [s for s, _clause in undated[:1]]
    if not chosen:
        raise ValueError("no clause understood")
    # beside a date, an undated clause («thường xuyên», «hằng năm», «khi có hướng dẫn») is kept as it is written
    kept = notes + [clause for s, clause in undated if s not in chosen]
    return replace(_combine(chosen, ""), note="; ".join(dict.fromkeys(kept)))


def compose(expression: str, year: int) -> Schedule:
    """The schedule of a cell that no whole phrase reads; NotUnderstood when a part says nothing readable."""
    text = expression.strip()
    if not 1900 <= year <= 2999:
        raise ValueError(f"plan year {year} out of range")
    parts = [_normalise(p) for p in fold(text).split(";")]
    if not any(parts):
        raise NotUnderstood(text)
    try:
        schedules = [_compose_part(p, year) for p in parts if p]
    except (ValueError, OverflowError) as exc:  # includes date() rejecting 31/02, a clause it cannot read
        raise NotUnderstood(text) from exc
    if len(schedules) != len([p for p in parts if p]) or len(parts) != len([p for p in parts if p]):
        raise NotUnderstood(text)
    combined = _combine(schedules, text)
    original = Folded(text).written  # the cell is folded once, however many follow-ups it has
    notes = [original(note) for s in schedules for note in s.note.split("; ") if note]
    carriers = [s for s in schedules if s.due] or schedules[:1]  # what _combine reads the dates from
    notes += [original(p) for p, s in zip([p for p in parts if p], schedules, strict=True) if s not in carriers]
    return replace(combined, note="; ".join(dict.fromkeys(notes)))
