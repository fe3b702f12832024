"""Plans composed in the shapes real published appendices take, written as text, .docx and a text .pdf.

Nothing here is copied from a real plan: the units, tasks and times are made up in the corpus's shapes —
5 to 7 columns in any order, numbers restarting in each section or dotted ("1.1"), lettered super-sections
("A.") over Roman ones and sub-sections ("III.1"), no sections at all, an unnumbered sub-row with its own lead
under a merged time cell, a header over two rows, and a labelled prose list instead of a table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

TITLE = ["ỦY BAN NHÂN DÂN TỈNH BẮC SƠN", "KẾ HOẠCH", "CHUYỂN ĐỔI SỐ TRONG CƠ QUAN NHÀ NƯỚC NĂM 2026", "",
         "PHỤ LỤC", "DANH MỤC NHIỆM VỤ",
         "(Kèm theo Kế hoạch số 45/KH-UBND ngày 10 tháng 01 năm 2026 của UBND tỉnh Bắc Sơn)", ""]


@dataclass
class Composed:
    """A plan to write in several forms, and what reading it must give."""

    name: str
    header: list[list[str]]  # one or two header rows
    rows: list[list[str]]  # section rows are [heading, "", …]; a sub-row has an empty TT
    leads: list[str | None]  # the lead unit of every task, as named in the table (None: a collective)
    sections: list[str]  # the section key of every task
    title: list[str] = field(default_factory=lambda: list(TITLE))
    merged_down: dict[int, list[int]] = field(default_factory=dict)  # .docx: row -> columns merged with the row above
    prose: list[str] = field(default_factory=list)  # a prose list instead of a table

    @property
    def tasks(self) -> int:
        return len(self.leads)


def _w(n: int) -> list[str]:
    return [""] * n


RESTARTING = Composed(  # five columns, no product, STT, numbers restart in each section
    "restarting",
    [["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]],
    [["I. HOÀN THIỆN THỂ CHẾ", *_w(4)],
     ["1", "Ban hành quy chế quản lý dữ liệu", "Sở Khoa học và Công nghệ", "Các sở, ban, ngành", "Quí IV-2026"],
     ["2", "Rà soát quy trình nội bộ", "Sở Nội vụ", "Sở KH&CN; UBND các xã, phường", "Thường xuyên"],
     ["II. PHÁT TRIỂN HẠ TẦNG", *_w(4)],
     ["1", "Nâng cấp trung tâm dữ liệu", "Sở Khoa học và Công nghệ", "Sở Tài chính", "2026 - 2027"],
     ["2", "Kết nối mạng diện rộng", "Công an tỉnh", "Sở Khoa học và Công nghệ", "Trước ngày 30/9/2026"],
     ["3", "Tập huấn kỹ năng số", "Sở Nội vụ", "", "Hằng năm"]],
    ["Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Khoa học và Công nghệ", "Công an tỉnh", "Sở Nội vụ"],
    ["I", "I", "II", "II", "II"],
)

DOTTED = Composed(  # seven columns in another order, A./B. over Roman sections, 1.1 numbering, III.1 sub-section
    "dotted",
    [["TT", "Nhiệm vụ, giải pháp", "Đơn vị thực hiện", "Đơn vị phối hợp", "Kết quả", "Thời gian thực hiện",
      "Ghi chú"]],
    [["A. NỀN TẢNG", *_w(6)],
     ["I. Thể chế", *_w(6)],
     ["1.1", "Xây dựng khung kiến trúc số", "Sở Khoa học và Công nghệ", "Các sở, ngành", "Khung kiến trúc",
      "Quý II/2026", ""],
     ["1.2", "Ban hành danh mục dữ liệu mở", "Sở Tài chính", "Sở Khoa học và Công nghệ", "Danh mục",
      "Tháng 6/2026", "Ưu tiên"],
     ["II. Dữ liệu", *_w(6)],
     ["II.1. Dữ liệu chuyên ngành", *_w(6)],
     ["2.1", "Số hóa hồ sơ đất đai", "Sở Nông nghiệp và Môi trường", "UBND các xã", "Cơ sở dữ liệu",
      "Năm 2026 và các năm tiếp theo", ""],
     ["B. ỨNG DỤNG", *_w(6)],
     ["I. Dịch vụ công", *_w(6)],
     ["1.1", "Hình thành cơ chế giám sát liên tục dịch vụ công", "Văn phòng UBND tỉnh", "Sở Nội vụ",
      "Hình thành cơ chế giám sát liên tục, thường xuyên", "Quý IV/2026- Quý II/2027", ""]],
    ["Sở Khoa học và Công nghệ", "Sở Tài chính", "Sở Nông nghiệp và Môi trường", "Văn phòng UBND tỉnh"],
    ["A.I", "A.I", "A.II.1", "B.I"],
)

NO_SECTIONS = Composed(  # five columns, upper-case header, no sections at all
    "no_sections",
    [["TT", "NỘI DUNG", "CHỦ TRÌ", "PHỐI HỢP", "THỜI GIAN"]],
    [["1", "Phủ sóng 5G các khu công nghiệp", "Ban Quản lý các khu công nghiệp", "Sở Công Thương", "Quý III năm 2026"],
     ["2", "Thu hút doanh nghiệp viễn thông", "Sở Công Thương", "Doanh nghiệp", "Từ tháng 3/2026"],
     ["3", "Báo cáo kết quả", "Ban Quản lý các khu công nghiệp", "Sở Tài chính và cơ quan, đơn vị liên quan",
      "Trước năm 2027"]],
    ["Ban Quản lý các khu công nghiệp", "Sở Công Thương", "Ban Quản lý các khu công nghiệp"],
    ["", "", ""],
)

MERGED = Composed(  # a header over two rows; an unnumbered sub-row with its own lead, its time merged from above
    "merged",
    [["TT", "Nội dung công việc", "Cơ quan thực hiện", "Cơ quan thực hiện", "Tiến độ", "Sản phẩm đầu ra"],
     ["", "", "Chủ trì", "Phối hợp", "", ""]],
    [["I. Hạ tầng", *_w(5)],
     ["1", "Xây dựng hạ tầng dự phòng", "Trung tâm Chuyển đổi số tỉnh", "Sở Tài chính", "Quý IV/2026", "Hệ thống"],
     ["", "Sao lưu dữ liệu định kỳ", "Sở Khoa học và Công nghệ", "", "", ""],
     ["2", "Bảo đảm an toàn thông tin", "Công an tỉnh", "Các sở, ban, ngành", "Năm 2026", "Báo cáo"],
     ["II. Nhân lực", *_w(5)],
     ["1", "Đào tạo cán bộ chuyên trách", "Sở Nội vụ", "Sở Khoa học và Công nghệ", "Tháng 11 - 12/2026", "Lớp học"]],
    ["Trung tâm Chuyển đổi số tỉnh", "Sở Khoa học và Công nghệ", "Công an tỉnh", "Sở Nội vụ"],
    ["I", "I", "I", "II"],
    merged_down={4: [3, 4, 5]},  # the sub-row (rows[2], table row 4 under the two header rows) shares task 1's cells
)

PROSE = Composed(  # no table: a unit per heading, a task per bullet, the time as a label
    "prose",
    [],
    [],
    ["Sở Tài chính", "Sở Tài chính", None, "Sở Xây dựng"],  # "UBND các xã" names no one unit: the focal point follows it
    ["1.1", "1.1", "1.2", "1.3"],
    prose=["IV. NHIỆM VỤ CỤ THỂ", "1. Nhiệm vụ của các cơ quan",
           "1.1. Sở Tài chính - Cơ quan thường trực:",
           "- Hướng dẫn kiểm kê tài sản công. Thời gian thực hiện: Tháng 3/2026.",
           "- Tổng hợp kết quả kiểm kê, báo cáo Ủy ban nhân dân tỉnh.",
           "Thời hạn hoàn thành: Trước ngày 31/5/2026.",
           "1.2. Ủy ban nhân dân các xã:",
           "- Thành lập tổ kiểm kê. Thời gian thực hiện: Từ tháng 4/2026 đến khi kết thúc kiểm kê.",
           "1.3. Sở Xây dựng:",
           "- Kiểm kê tài sản kết cấu hạ tầng. Thời hạn hoàn thành: Quý III/2026."],
)

SHAPES = (RESTARTING, DOTTED, NO_SECTIONS, MERGED, PROSE)


def write_text(plan: Composed, path: Path) -> Path:
    lines = plan.title + (plan.prose or ["\t".join(r) for r in plan.header + plan.rows])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_docx(plan: Composed, path: Path) -> Path:
    """Paragraphs, then one table with real merged cells: section rows across, a two-row header's cells down
    and across, and the cells a sub-row shares with the row above."""
    import docx

    document = docx.Document()
    for line in plan.title + plan.prose:
        document.add_paragraph(line)
    if not plan.rows:
        document.save(str(path))
        return path
    table_rows = plan.header + plan.rows
    table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
    for r, cells in enumerate(table_rows):
        if _is_section(cells):
            table.cell(r, 0).merge(table.cell(r, len(cells) - 1)).text = cells[0]
            continue
        for c, text in enumerate(cells):
            if text and not (r == 0 and c and cells[c - 1] == text):
                table.cell(r, c).text = text
    if len(plan.header) == 2:
        top, below = plan.header
        for c in range(len(top)):
            if not below[c]:
                table.cell(0, c).merge(table.cell(1, c))
            if c and top[c] == top[c - 1]:
                table.cell(0, c - 1).merge(table.cell(0, c))
    for r, columns in plan.merged_down.items():
        for c in columns:
            table.cell(r - 1, c).merge(table.cell(r, c))
    document.save(str(path))
    return path


def write_pdf(plan: Composed, path: Path) -> Path:
    """A PDF with a text layer and a ruled table, as Word's "save as PDF" makes."""
    import matplotlib
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape")
    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_font("DejaVu", size=8)
    pdf.add_page()
    for line in plan.title + plan.prose:
        pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    if plan.rows:
        with pdf.table(first_row_as_headings=False, line_height=5) as table:
            for cells in [plan.header[-1] if len(plan.header) == 1 else _flat_header(plan), *plan.rows]:
                row = table.row()
                if _is_section(cells):
                    row.cell(cells[0], colspan=len(cells))
                    continue
                for text in cells:
                    row.cell(text)
    pdf.output(str(path))
    return path


def write_scan(path: Path) -> Path:
    """A "scanned" PDF: pages with a picture and no text layer."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(200, 200, 200)
    pdf.rect(20, 20, 170, 120, style="F")
    pdf.output(str(path))
    return path


def _flat_header(plan: Composed) -> list[str]:
    return [f"{a} {b}".strip() if a != b else a for a, b in zip(*plan.header, strict=True)]


def _is_section(cells: list[str]) -> bool:
    return bool(cells[0]) and not any(cells[1:]) and "." in cells[0]


WRITERS = {"txt": write_text, "docx": write_docx, "pdf": write_pdf}


def read_facts(spec) -> list[tuple]:  # noqa: ANN001 (a PlanSpec)
    """Everything a reading gives of each task: two readings of one plan compare equal when they agree."""
    return [(t.number, t.section, t.content, t.lead_text, t.coordinators_text, t.time_expression, t.product,
             t.leads, t.coordinators, t.responsible, t.group, t.schedule, t.shown, t.extra) for t in spec.tasks]
