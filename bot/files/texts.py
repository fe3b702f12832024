"""Every sentence the files say, in Vietnamese: their captions in the chat, and the reports' own lines. Dates
and statuses are written by plan_data.wording."""

from __future__ import annotations

from plan_data.wording import (  # noqa: F401  (for the renderers)
    STATUS_NAMES,
    day,
    day_with_weekday,
    short_title,
    state_name,
)

CHART_CAPTION = "Biểu đồ tiến độ theo đơn vị và theo mục"
REPORT_CAPTION = ("Dự thảo báo cáo kết quả thực hiện CCHC {period} ({start}–{end}); số liệu từ {facts_start} "
                  "đến {as_of} (Nghị định 09/2019/NĐ-CP)")
REPORT_TABLE_CAPTION = "Biểu tổng hợp kèm báo cáo (Excel)"
REPORT_DOCUMENT_CAPTION = "Dự thảo báo cáo (Word, thể thức Nghị định 30/2020/NĐ-CP) — sửa các phần đánh dấu vàng"
REPORT_PERIOD = ("Kỳ báo cáo: {period} (từ ngày {start} đến ngày {end}); số liệu tính từ ngày {facts_start} đến "
                 "ngày {facts_end}. Nhiệm vụ định kỳ và nhiệm vụ thường xuyên, cả năm được báo cáo theo từng kỳ: "
                 "mỗi dòng ghi rõ kỳ của nó.")
# what a report's line says of its period (plan_data.periodic): the workbook's «Kết quả trong kỳ», the Word lists
RESULT_DONE = {"this-period": "Hoàn thành trong kỳ, ngày {day}", "earlier": "Đã hoàn thành từ kỳ trước, ngày {day}"}
RESULT_AWAITING = {"this-period": "Báo xong trong kỳ, ngày {day}, chờ đầu mối duyệt",
                   "earlier": "Báo xong từ kỳ trước, ngày {day}, chờ đầu mối duyệt"}
RESULT_PROGRESS = "Báo cáo trong kỳ ngày {day}: đạt {progress}%"
RESULT_REPORTED = "Báo cáo trong kỳ ngày {day}"
RESULT_NONE = "Chưa có kết quả trong kỳ"
RESULT_LATE = "Báo cáo {label} nộp muộn ngày {day}"
RESULT_EARLIER_PART = "Báo cáo {label} nộp ngày {day}"
RESULT_LATE_AWAITING = ", chờ đầu mối duyệt"
EXPLAINED = ". Giải trình của đơn vị (ngày {day}): {reason}"  # «giải trình» answered (plan_data.explanations)
EXPLAINED_PROPOSED = "; đề xuất hạn mới {proposed}"
EARLIER_PART = "kỳ trước (hạn {due})"  # an earlier part with no label of its own
REPORT_LISTS = {  # the Word report's lists of a section, in the order it reads them
    "this-period": "Hoàn thành trong kỳ", "earlier": "Đã hoàn thành từ kỳ trước (đã báo cáo ở kỳ trước)",
    "awaiting-confirmation": "Đã báo xong, chờ đầu mối duyệt", "overdue": "Quá hạn, chưa hoàn thành",
    "amber": "Trong hạn, có nguy cơ chậm", "in-term": "Trong hạn",
    "waiting": "Chờ sự kiện để có hạn", "undated": "Chưa rõ thời hạn",
    "late": "Phần việc của kỳ trước báo cáo muộn trong kỳ này (không tính vào số liệu kỳ này)",
}
FIGURES_SENTENCE = ("Tổng số nhiệm vụ phải thực hiện trong kỳ: {t.total}; đã hoàn thành {t.done} (đúng hạn "
                    "{t.done_on_time}, trễ hạn {t.done_late}); chờ đầu mối duyệt {t.awaiting}; trong hạn {t.in_term} "
                    "(trong đó có nguy cơ chậm {t.at_risk}); quá hạn {t.overdue}; chưa có hạn (chờ sự kiện hoặc chưa "
                    "rõ thời hạn) {t.waiting}.")
LATE_BLOCK = "Phần việc của kỳ trước báo cáo muộn trong kỳ này — không tính vào số liệu kỳ này"
CALENDAR_CAPTION = "Lịch hạn các nhiệm vụ CCHC — mở bằng Google Calendar hoặc Outlook"
MEETING_CAPTION = "Chương trình giao ban CCHC tháng {month} (Word, một trang)"
MEETING_KIND = "CHƯƠNG TRÌNH"
MEETING_SUMMARY = "Giao ban công tác cải cách hành chính tháng {month} năm {year}"
MEETING_WHEN = "Thời gian: {time}, {day}. Thành phần: Chủ tịch UBND xã, đầu mối CCHC, lãnh đạo các cơ quan, đơn vị."
MEETING_HEADERS = ("TT", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Ghi chú")
MEETING_GROUPS = {  # the agenda's groups, in the order the meeting goes through them
    "overdue": "I. Nhiệm vụ quá hạn",
    "at_risk": "II. Nhiệm vụ có nguy cơ chậm",
    "due_next_month": "III. Nhiệm vụ đến hạn tháng {next_month}",
    "assigned": "IV. Nhiệm vụ được giao trong tháng",
}
MEETING_NONE = "Không có"
MEETING_MORE = "… và {count} nhiệm vụ khác (xem trên nhóm nhắc việc: «quá hạn», «sắp tới»)"
MEETING_EXPLAINED = "Giải trình: {text}"
MEETING_UNEXPLAINED = "Quá hạn {days} ngày; chưa có giải trình"
MEETING_AT_RISK = "Còn {days} ngày làm việc; đạt {progress}%"
MEETING_SOURCE = "Theo {source}"
MEETING_CLOSING = "Các đơn vị chuẩn bị báo cáo tiến độ, nguyên nhân chậm và đề xuất hạn mới (nếu có)."
