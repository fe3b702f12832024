"""The appendix table's columns, found by their header text, in any order.  (pure)

Real appendices write the same column many ways ("TT", "STT"; "Nội dung công việc", "Nhiệm vụ", "Tên
nhiệm vụ"; "Cơ quan chủ trì", "Đơn vị thực hiện", "CHỦ TRÌ"; "Thời gian hoàn thành", "Tiến độ"; "Sản phẩm",
"Kết quả dự kiến"), put the product before the time, leave out the product or the coordinators, write the
header over two rows and repeat it at each page break. A column the plan adds ("Ghi chú", "Kinh phí", "Người
đứng đầu chịu trách nhiệm", "Văn bản giao nhiệm vụ", "Căn cứ") is kept as a named note on the task, and so is a
second column of a field the table already has ("Thời gian hoàn thành" after "Thời gian thực hiện"): neither is
ever read as a time or a unit. Only the content is required: a table with no lead column gives every task to
the focal point (plan_data.readers.importer says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plan_data.folding import fold

FIELDS = ("number", "content", "lead", "coordinators", "time", "product")
REQUIRED = ("content",)
EXPECTED = {
    "number": "TT, STT",
    "content": "Nội dung (công việc), Nhiệm vụ, Tên nhiệm vụ",
    "lead": "Cơ quan chủ trì, Đơn vị chủ trì, Chủ trì, Đơn vị thực hiện",
    "coordinators": "Cơ quan phối hợp, Phối hợp",
    "time": "Thời gian, Thời hạn, Tiến độ (thực hiện, hoàn thành)",
    "product": "Sản phẩm, Kết quả (dự kiến), Sản phẩm đầu ra",
}
# (field, folded header pattern); the first that matches a cell wins, so "thời gian thực hiện" is a time
# before "thực hiện" can make it a lead.
_PATTERNS = (
    ("number", re.compile(r"^(?:s?tt|so tt|so thu tu|muc)$")),
    ("time", re.compile(r"^(?:thoi gian|thoi han|tien do|moc thoi gian|han hoan thanh|hoan thanh|thoi diem|han)$"
                        r"|^(?:thoi gian|thoi han|tien do|moc thoi gian|han hoan thanh|thoi diem) ")),
    ("coordinators", re.compile(r"phoi hop")),
    ("product", re.compile(r"^(?:san pham|ket qua|dau ra)")),
    ("lead", re.compile(r"chu tri")),  # "Người chủ trì" is a lead before "người …" is a note
    ("extra", re.compile(r"^(?:ghi chu|kinh phi|nguon kinh phi|du toan|chi tieu|thuoc nhom|nguon von|can cu|co so"
                         r"|van ban|nguoi|lanh dao|ca nhan|ho tro|muc do|uu tien|tinh trang"
                         r"|dia ban|pham vi|doi tuong|hinh thuc|phuong thuc|cach thuc)")),
    ("lead", re.compile(r"chu tri|^(?:co quan|don vi|to chuc)(?: thuc hien| thuc hien chinh)?$|^don vi thuc hien"
                        r"|^co quan thuc hien|^trach nhiem")),
    ("content", re.compile(r"^(?:noi dung|nhiem vu|ten nhiem vu|cong viec|ten cong viec|hoat dong|giai phap"
                           r"|ten (?:de an|du an|hoat dong))")),
)


@dataclass(frozen=True)
class Columns:
    """Which cell of a row holds which field; `extras` maps an added column's header to its index."""

    index: dict[str, int]
    extras: dict[str, int] = field(default_factory=dict)
    width: int = 0
    printed: tuple[tuple[str, ...], ...] = ()  # the header's rows as printed (one or two): known again when repeated

    def cells(self, row: list[str]) -> dict[str, str]:
        """The row's fields by name, "" for a column the plan does not have."""
        def at(i: int | None) -> str:
            return row[i].strip() if i is not None and i < len(row) else ""
        return {name: at(self.index.get(name)) for name in FIELDS}

    def extra(self, row: list[str]) -> tuple[tuple[str, str], ...]:
        return tuple((name, row[i].strip()) for name, i in self.extras.items() if i < len(row) and row[i].strip())


SEED = Columns({name: i for i, name in enumerate(FIELDS)}, width=6)


def field_of(header: str) -> str | None:
    folded = fold(re.sub(r"[*:]|\([^()]*\)", " ", header))  # "Đơn vị (tiêu đề mục)" names a lead
    return next((name for name, pattern in _PATTERNS if pattern.search(folded)), None)


def header_score(row: list[str]) -> int:
    """How many of the plan's columns a row names (a header names at least three, and holds no number)."""
    if any(re.fullmatch(r"\d+(?:\.\d+)*\.?", c.strip()) for c in row):
        return 0
    fields = {field_of(c) for c in row if c.strip() and len(c) < 80}
    # distinct columns, an added one counting once: a row saying "Ưu tiên" three times is no header
    return len(fields - {None, "extra"}) + ("extra" in fields)


def is_header(cells: list[str], below: list[str] | None = None) -> bool:
    """A header row, or its repeat at a page break or a new table: it names three of the plan's columns, or
    every cell of it names one (a table of two columns). A header wrapped over two rows («Cơ quan chủ» over
    «trì») is judged joined with the row below, as the first header is (plan_data.readers.formats): its top
    row alone may name too few columns, and would be read as a task."""
    return any(_names_columns(c) for c in (cells, with_row_below(cells, below)) if c is not None)


def _names_columns(cells: list[str]) -> bool:
    named = [c for c in cells if c.strip()]
    return header_score(cells) >= 3 or (len(named) >= 2 and all(field_of(c) for c in named))


def read_header(row: list[str], below: list[str] | None = None) -> tuple[Columns | None, bool, str]:
    """The columns a header row names (merged with the row below when the header spans two rows), whether
    the row below was used, and a sentence for a header that lacks a required column."""
    merged = with_row_below(row, below)
    cells, used_below = merged or [c.strip() for c in row], merged is not None
    index: dict[str, int] = {}
    extras: dict[str, int] = {}
    for i, text in enumerate(cells):
        name = field_of(text) if text else None
        if name and name != "extra" and name not in index:
            index[name] = i
        elif text:  # an added column, or a second one of a field already found: a named note
            extras[_unique(text, extras)] = i
    missing = [name for name in REQUIRED if name not in index]
    if missing:
        found = ", ".join(f"«{c}»" for c in cells if c) or "(trống)"
        expected = "; ".join(f"{EXPECTED[name]}" for name in missing)
        return None, used_below, f"tiêu đề bảng không có cột cần thiết. Thấy: {found}; cần một trong: {expected}"
    printed = (tuple(c.strip() for c in row), *([tuple(c.strip() for c in below or [])] if used_below else []))
    return Columns(index, extras, len(cells), printed), used_below, ""


def _unique(name: str, taken: dict[str, int]) -> str:
    unique, n = name, 2
    while unique in taken:
        unique, n = f"{name} ({n})", n + 1
    return unique


def with_row_below(row: list[str], below: list[str] | None) -> list[str] | None:
    """The header's cells joined with the row below where that row goes on with them (a header spanning two
    rows: «Tên nhiệm» over «vụ», «Cơ quan thực hiện» over «Chủ trì» and «Phối hợp»); None where it does not."""
    cells = [c.strip() for c in row]
    if below is None or not _continues_header(cells, below):
        return None
    width = max(len(cells), len(below))
    return [a if not b.strip() or b.strip() == a else f"{a} {b.strip()}".strip()
            for a, b in zip(cells + [""] * (width - len(cells)), below + [""] * (width - len(below)), strict=True)]


def _continues_header(cells: list[str], below: list[str]) -> bool:
    """A second header row: short words without digits that name a column together with the cell above
    ("Cơ quan thực hiện" over "Chủ trì" and "Phối hợp"); a cell merged down repeats the one above."""
    texts = [b.strip() for b in below] + [""] * max(0, len(cells) - len(below))
    if any(re.search(r"\d", t) or len(t) > 40 for t in texts):
        return False
    own = [(a, b) for a, b in zip(cells, texts, strict=False) if b and b != a]
    return bool(own) and all(_goes_on(a, b) for a, b in own)


def _goes_on(above: str, more: str) -> bool:
    """A header cell's second row: a word or two that, with the cell above, name a column («Cơ quan chủ» over
    «trì», «Cơ quan thực hiện» over «Chủ trì»), not a value of the first data row («Sở Y tế»)."""
    if len(more.split()) > 3 or not (more[:1].islower() or field_of(more) or (above.isupper() and more.isupper())):
        return False
    return field_of(f"{above} {more}") is not None


def printed_again(columns: Columns, row: list[str], below: list[str] | None) -> int:
    """How many rows the header read before takes where it is printed again (at a page break, over a new table):
    2 where it had two rows and both are repeated, 1 where `row` repeats its first, 0 where `row` is not it. Only
    a second row it had is taken with it: under a repeated one-row header, the row the page break cut goes on
    («nội bộ» under «Nội dung công việc»), and is no part of the header."""
    if not columns.printed or not _same(row, columns.printed[0]):
        return 0
    return 2 if len(columns.printed) > 1 and below is not None and _same(below, columns.printed[1]) else 1


def _same(row: list[str] | tuple[str, ...], printed: tuple[str, ...]) -> bool:
    def texts(cells: list[str] | tuple[str, ...]) -> list[str]:
        folded = [fold(" ".join(c.split())) for c in cells]
        while folded and not folded[-1]:
            folded.pop()
        return folded
    return texts(row) == texts(printed)
