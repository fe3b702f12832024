"""A PDF's pages as a plan reader needs them: the text, and the tables and text lines in reading order.

pdfplumber finds ruled tables; the lines of text outside them, top to bottom, are kept between them, so that a
heading printed between two tables ("B. Nhiệm vụ của các phòng chuyên môn") reaches the rows. A cell's text
wrapped over several lines is one cell. Only the reading is here: what the rows mean is plan_data.readers.rows'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plan_data.model import PlanError, RowError


@dataclass
class Page:
    number: int
    text: str
    blocks: list[tuple[str, object]] = field(default_factory=list)  # ("table", rows) or ("line", text)


def read_pages(path: Path) -> list[Page]:
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            return [_page(page) for page in pdf.pages]
    except PlanError:
        raise
    except Exception:  # pdfminer raises many kinds on a damaged file
        raise PlanError([RowError(0, "", "không mở được tệp .pdf: tệp hỏng, có mật khẩu hoặc không phải PDF; "
                                         "mở bằng trình đọc PDF rồi lưu lại, hoặc dùng bản .docx")]) from None


def _page(page) -> Page:  # noqa: ANN001 (pdfplumber's Page)
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    placed: list[tuple[float, str, object]] = []
    for table in tables:
        rows = [[" ".join((c or "").split()) for c in cells] for cells in table.extract()]
        placed.append((table.bbox[1], "table", rows))
    for line in page.extract_text_lines():
        middle = (line["top"] + line["bottom"]) / 2
        if any(t.bbox[1] <= middle <= t.bbox[3] for t in tables):
            continue
        placed.append((line["top"], "line", " ".join(line["text"].split())))
    placed.sort(key=lambda p: p[0])
    return Page(page.page_number, page.extract_text() or "", [(kind, content) for _top, kind, content in placed])
