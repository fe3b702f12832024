"""A ward's CCHC appendix typed by hand in Word, in the layout most communes use, as a new user would make it.

Nothing in it is copied from a real plan. What makes it hard is what a real one has: the issuer's block and
the title above the table, section rows whose numeral sits alone in the first cell with the title merged
across the other five, post-reform unit names that hold their own comma ("Phòng Kinh tế, Hạ tầng và Đô thị"),
two units in one cell on two lines, a unit no catalogue has (the ward's youth union), two time phrases no
grammar reads, and one whose cell says the work is already done.
"""

from __future__ import annotations

from pathlib import Path

TITLE = ["ỦY BAN NHÂN DÂN", "PHƯỜNG HẢI AN", "", "Số: 15/KH-UBND", "Hải An, ngày 06 tháng 01 năm 2026", "",
         "KẾ HOẠCH", "Cải cách hành chính nhà nước năm 2026", "",
         "Căn cứ Kế hoạch số 12/KH-UBND ngày 03/01/2026 của Ủy ban nhân dân thành phố;", ""]
HEADER = ["TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Sản phẩm"]
ROWS = [
    ["I", "Công tác chỉ đạo, điều hành"],
    ["1", "Ban hành Kế hoạch cải cách hành chính năm 2026", "Phòng Văn hóa - Xã hội",
     "Văn phòng HĐND và UBND phường", "Trước ngày 20/01/2026", "Kế hoạch"],
    ["2", "Kiểm tra công tác cải cách hành chính tại các bộ phận", "Phòng Văn hóa - Xã hội",
     "Phòng Kinh tế, Hạ tầng và Đô thị", "Sau khi có hướng dẫn kiểm tra", "Thông báo kết luận"],
    ["II", "Cải cách thủ tục hành chính"],
    ["3", "Rà soát, đơn giản hóa thủ tục hành chính nội bộ", "Trung tâm Phục vụ hành chính công",
     "Phòng Kinh tế, Hạ tầng và Đô thị\nPhòng Văn hóa - Xã hội", "Quý II/2026", "Báo cáo"],
    ["4", "Tuyên truyền dịch vụ công trực tuyến trong đoàn viên", "Đoàn Thanh niên phường",
     "Trung tâm Phục vụ hành chính công", "tùy tình hình thực tế", "Báo cáo"],
    ["5", "Công khai thủ tục hành chính tại trụ sở", "Trung tâm Phục vụ hành chính công", "",
     "Đã ban hành", "Danh mục công khai"],
    ["III", "Xây dựng chính quyền số"],
    ["6", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Phòng Kinh tế, Hạ tầng và Đô thị",
     "Trung tâm Phục vụ hành chính công", "Hằng quý", "Báo cáo"],
    ["7", "Rà soát hạ tầng công nghệ thông tin của phường", "Văn phòng HĐND và UBND phường", "",
     "càng sớm càng tốt", "Báo cáo"],
]
UNREAD = ("4", "7")  # the two phrases no grammar reads: imported with no date, dated in the chat


def write_docx(path: Path) -> Path:
    """The plan as Word keeps it: paragraphs, then one table whose section rows merge the title across."""
    import docx

    document = docx.Document()
    for line in TITLE:
        document.add_paragraph(line)
    document.add_paragraph("PHỤ LỤC: NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026")
    table = document.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for c, text in enumerate(HEADER):
        table.cell(0, c).text = text
    for r, cells in enumerate(ROWS, start=1):
        if len(cells) == 2:  # a section: the numeral alone, the title merged across the other five cells
            table.cell(r, 0).text = cells[0]
            table.cell(r, 1).merge(table.cell(r, len(HEADER) - 1)).text = cells[1]
            continue
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    document.add_paragraph("Nơi nhận:")
    document.add_paragraph("- Như trên;")
    document.add_paragraph("KT. CHỦ TỊCH")
    document.save(str(path))
    return path
