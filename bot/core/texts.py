"""Every sentence the chat core and the CLI say, in Vietnamese. Dates are written by plan_data.wording."""

from __future__ import annotations

from jobs.texts import BUTTON_DETAIL, BUTTON_DONE, BUTTON_SNOOZE  # noqa: F401  (the reminders' buttons)
from plan_data.wording import (  # noqa: F401  (how dates and statuses are written, for every floor)
    STATUS_ICONS,
    STATUS_NAMES,
    day,
    day_with_weekday,
    days_phrase,
    short_title,
    task_name,
)

KIND_NAMES = {
    "deadline": "hạn chót",
    "window": "trong khoảng",
    "recurring": "định kỳ",
    "ongoing": "thường xuyên / cả năm",
    "event": "theo sự kiện",
}


PLAN_CHECK_OK = "Đọc được kế hoạch {commune} năm {year}: {tasks} nhiệm vụ ({appendix} trong phụ lục, {body} từ phần nội dung). Chưa ghi gì vào cơ sở dữ liệu."
PLAN_REFUSED = "Không nạp kế hoạch: {count} dòng không đọc được. Cơ sở dữ liệu không thay đổi."
PLAN_IMPORTED = "Đã nạp kế hoạch {commune} năm {year}: {created} nhiệm vụ mới, {updated} cập nhật, {unchanged} giữ nguyên, {retired} đã bỏ khỏi kế hoạch (giữ lịch sử)."
INIT_DONE = "Cơ sở dữ liệu sẵn sàng: {url}"
INIT_LOADED = "Đã nạp kế hoạch mẫu: {commune} năm {year} ({tasks} nhiệm vụ)."
INIT_KEPT = "Đã có kế hoạch {commune} năm {year}; giữ nguyên (nạp lại bằng: nhacviec plan import TỆP)."
WHEN_NOT_UNDERSTOOD = "{reason}"

ACTION_NAMES = {"done": "báo xong", "awaiting": "báo xong (chờ duyệt)", "progress": "cập nhật tiến độ",
                "undo": "hoàn tác", "set-date": "đặt hạn", "extend": "gia hạn", "approve": "duyệt",
                "snooze": "hẹn nhắc lại"}

# chat: binding and help
UNBOUND = ("Nhóm này chưa được liên kết với đơn vị nào nên chưa xem được kế hoạch.\n"
           "Xin đầu mối CCHC (Phòng Văn hóa - Xã hội) một mã liên kết, rồi gõ: /lienket MÃ")
LINK_BAD = "Mã liên kết «{code}» không đúng, đã dùng hoặc đã hết hạn. Xin đầu mối CCHC cấp mã mới."
LINK_DONE = "Đã liên kết nhóm này với {unit} ({commune}). Gõ «việc» để xem nhiệm vụ, «hướng dẫn» để xem cách dùng."
HELP_HEADER = "Nhắc việc CCHC — {unit}, {commune}. Gõ (có dấu hay không dấu đều được):"
HELP_UNIT = ["xong 17 — báo hoàn thành (xong 17, 18 · xong 10-12 · xong 24.1)",
             "td 17 50% — cập nhật tiến độ", "hoàn tác 17 — mở lại thay đổi cuối của nhiệm vụ 17",
             "hạn 7 20/11 — đặt ngày cho nhiệm vụ chờ sự kiện", "17 — xem chi tiết nhiệm vụ 17",
             "việc — nhiệm vụ của đơn vị", "quá hạn · sắp tới 30 ngày · tổng hợp"]
HELP_OVERSEER = ["gia hạn 17 30/6 lý do — gia hạn (giữ hạn gốc để tính đúng/trễ hạn)",
                 "duyệt 17 — xác nhận đơn vị đã xong", "báo cáo quý 1 · báo cáo 6 tháng · báo cáo năm — dự thảo báo cáo (Word) và biểu (Excel)", "lịch — tệp lịch hạn"]

# chat: answers
NO_SUCH_TASK = "Không có nhiệm vụ {number} trong kế hoạch. Gõ «việc» để xem nhiệm vụ của đơn vị."
NOT_YOURS = "Nhiệm vụ {number} do {unit} phụ trách; nhóm {me} chỉ cập nhật được nhiệm vụ của mình."
NOT_VISIBLE = "Nhiệm vụ {number} không thuộc {me} (chủ trì hay phối hợp)."
OVERSEERS_ONLY = "Chỉ Chủ tịch UBND xã và đầu mối CCHC được {what}."
DONE_ALREADY = "{task}: đã hoàn thành ngày {day} ({by})."
NOT_OPEN_YET = "{task}: các kỳ trước đã xong; kỳ {label} bắt đầu từ {opens}, khi đó mới báo xong được."
DONE_OK = "✅ {task}{label}: đã ghi nhận hoàn thành — {timing}."
DONE_AWAITING = "🔵 {task}{label}: đã ghi nhận, chờ đầu mối CCHC duyệt (duyệt {number})."
ON_TIME = "đúng hạn"
LATE = "trễ {days} ngày so với hạn {due}"
NO_DEADLINE = "không có hạn cụ thể"
PROGRESS_OK = "🟡 {task}{label}: tiến độ {percent}%."
PROGRESS_FULL_HINT = " Khi xong hẳn, gõ: xong {number}"
UNDO_NOTHING = "{task}: chưa có thay đổi nào để hoàn tác."
UNDO_OK = "↩️ {task}: đã hoàn tác «{action}» của {by} lúc {at}. Trạng thái: {status}."
DATE_NOT_UNDERSTOOD = "Không hiểu ngày «{text}». Ví dụ: 30/6, ngày 20 tháng 11, thứ hai tuần sau, 3 ngày nữa."
SET_DATE_NOT_EVENT = ("{task} đã có hạn theo kế hoạch ({due}). Muốn dời hạn thì Chủ tịch hoặc đầu mối gõ: "
                      "gia hạn {number} NGÀY lý do")
SET_DATE_OK = "📅 {task}: hạn {due}."
EXTEND_NO_DATE = "{task} chưa có hạn để gia hạn; đặt hạn bằng: hạn {number} NGÀY"
EXTEND_NOT_LATER = "Ngày gia hạn phải sau hạn hiện tại ({due})."
EXTEND_OK = "📅 {task}{label}: gia hạn đến {due} (hạn gốc {planned} vẫn được giữ để tính đúng/trễ hạn)."
APPROVE_NOTHING = "{task}: không có báo xong nào chờ duyệt."
APPROVE_OK = "✅ {task}{label}: đã duyệt hoàn thành ({by} báo xong ngày {day})."
NOTHING_OPEN = "{who} không còn nhiệm vụ nào đang mở. 👍"
MY_TASKS_HEADER = "Nhiệm vụ đang mở của {who}, hạn gần trước:"
UNKNOWN_COMMAND = "Chưa hiểu «{text}».{suggestion} Gõ «hướng dẫn» để xem các lệnh."
UNKNOWN_SUGGESTION = " Có phải ý là «{word}»?"
SUMMARY_HEADER = "📊 Tổng hợp kế hoạch CCHC {commune} năm {year}, đến {today}:"
SUMMARY_PERIODS = "(nhiệm vụ định kỳ tính mỗi kỳ đã đến hạn: {items} lượt)"
SUMMARY_COLUMNS = "đúng hạn / trễ / đang làm / chưa làm / quá hạn / chờ sự kiện"
BUTTON_UNDO = "↩️ Hoàn tác"
# console chat
CONSOLE_PICK = "Trò chuyện với tư cách đơn vị nào? Gõ mã:"
CONSOLE_BAD_UNIT = "Không có đơn vị «{code}»."
CONSOLE_WELCOME = ("Nhắc việc CCHC — cửa sổ lệnh, với tư cách {unit}.\n"
                   "Gõ «hướng dẫn» để xem các lệnh, «thoát» để ra.")
ERROR_REPLY = "Có lỗi khi xử lý tin này; dữ liệu không thay đổi. Thử lại, hoặc gõ «hướng dẫn»."

# command line
INVITE_DONE = ("Mã liên kết cho {unit}: {code}\n"
               "Trong nhóm chat của đơn vị, gõ: /lienket {code}\n(dùng một lần, hết hạn {expires})")

# reminders (the scheduler's messages)
SNOOZE_OK = "⏰ Sẽ nhắc lại {task} lúc {at}."
SIMULATED = "{count} tin nhắn sẽ được gửi từ {start} đến {end}."

# files
CHART_CAPTION = "Biểu đồ tiến độ theo đơn vị và theo mục"
REPORT_CAPTION = ("Dự thảo báo cáo kết quả thực hiện CCHC {period} ({start}–{end}); số liệu từ {facts_start} "
                  "đến {as_of} (Nghị định 09/2019/NĐ-CP)")
REPORT_TABLE_CAPTION = "Biểu tổng hợp kèm báo cáo (Excel)"
REPORT_DOCUMENT_CAPTION = "Dự thảo báo cáo (Word, thể thức Nghị định 30/2020/NĐ-CP) — sửa các phần đánh dấu vàng"
CALENDAR_CAPTION = "Lịch hạn các nhiệm vụ CCHC — mở bằng Google Calendar hoặc Outlook"
CALENDAR_REPLY = "📅 Lịch hạn các nhiệm vụ: mở tệp .ics bằng Google Calendar hoặc Outlook để thêm vào lịch."

# Zalo (no buttons: the commands are shown to type; a few thousand messages a month on the free plan)
TYPE_COMMANDS = "Gõ: {commands}"
TYPE_BUTTON = "  [{label}] gõ: {command}"
ZALO_FILE = ("📎 {name}: Zalo chưa gửi được tệp này (Zalo không nhận tệp đính kèm từ bot). Cách lấy: gõ cùng "
             "lệnh trong nhóm Telegram của đơn vị (bot gửi tệp ở đó), hoặc nhờ đầu mối CCHC (Phòng Văn hóa - Xã "
             "hội) gửi. Quản trị bot có thể đặt NHACVIEC_PUBLIC_URL để bot gửi đường dẫn tải tệp trên Zalo.")
ZALO_FILE_LINK = "📎 {name}:\n{url}\n(đường dẫn riêng của đơn vị, mở được đến {until})"
FILES_SECRET_NEEDED = ("NHACVIEC_PUBLIC_URL cần NHACVIEC_FILES_SECRET dài ít nhất {length} ký tự (khóa ký các "
                       "đường dẫn tải tệp).")
ZALO_SECRET_NEEDED = "ZALO_WEBHOOK_URL cần ZALO_WEBHOOK_SECRET dài từ 8 đến 256 ký tự."
ZALO_START_FAILED = ("Không khởi động được bot Zalo ({error}). Kiểm tra ZALO_BOT_TOKEN, ZALO_BASE_URL "
                     "và ZALO_WEBHOOK_URL.")

# the city's chat (thanhpho)
CITY_OVERDUE_HEADER = "🔴 Quá hạn ở các xã của {province} (đến {today}): {total} nhiệm vụ"
CITY_SUMMARY_HEADER = "📊 Kế hoạch CCHC {year} của {count} xã, {province} — đến {today}:"
CITY_REPORT_CAPTION = "Báo cáo CCHC các xã, {province} (số liệu đến {as_of})"
CITY_HELP = ("Nhắc việc CCHC — cấp thành phố ({province}). Gõ:\n• quá hạn — nhiệm vụ quá hạn của mọi xã\n"
             "• tổng hợp — số liệu từng xã\n• báo cáo — tệp Excel, mỗi xã một dòng")
CITY_ONLY = "Nhóm cấp thành phố chỉ xem được: quá hạn, tổng hợp, báo cáo. Việc của từng xã do xã cập nhật."
