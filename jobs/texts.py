"""Every sentence the reminder engine says, in Vietnamese: reminders, digests, notices to the focal point."""

from __future__ import annotations

REMIND_BEFORE = "⏰ Còn {days} ngày: {task}{label} — hạn {due}."
REMIND_DUE = "⏰ Hôm nay đến hạn: {task}{label} — hạn {due}."
REMIND_OPENS = "📅 Bắt đầu thực hiện: {task}{label} — từ {opens} đến hạn {due}."
REMIND_OVERDUE = "🔴 Quá hạn {days} ngày: {task}{label} — hạn {due}. Xong rồi thì gõ: xong {number}"
REMIND_ESCALATE = "🔴 {unit} quá hạn {days} ngày: {task}{label} — hạn {due}."
REMIND_ESCALATE_LEADER = ("🔴 {unit} quá hạn {days} ngày: {task}{label} — hạn {due}. Yêu cầu đơn vị giải trình, gõ: "
                          "giải trình {number}")
REMIND_REPORT = ("📝 Nhắc gửi báo cáo {label_plain}: {task} — hạn {due}, gửi UBND xã qua {focal}.")
REMIND_REPORT_OWN = "📝 Nhắc hoàn thành báo cáo {label_plain}: {task} — hạn {due}, trình UBND xã."  # the focal's own
REMIND_CHECKIN = ("📝 Sắp đến kỳ báo cáo ({report_due}): {task}{label} (thực hiện thường xuyên) — báo cáo kết quả "
                  "kỳ này: xong {number}, hoặc cập nhật tiến độ: td {number} 50%")
REMIND_NUDGE = "⏳ {task} chưa có ngày thực hiện («{expression}»). Khi biết ngày, gõ: hạn {number} NGÀY"
REMIND_SNOOZE = "⏰ Nhắc lại: {task}{label} — {when}."
REMIND_PERSON = "\n👤 Người thực hiện: {person}"  # after a reminder of a task with a person on it
REMIND_PARTS = "\n🤝 Phối hợp: {done}/{total} đơn vị đã xong phần việc"  # a task with coordinators (plan_data.parts)
DIGEST_HEADER = "📋 Tổng hợp tuần CCHC {commune} — {today}"
DIGEST_FIGURES = "📊 Cả kế hoạch ({columns}): {figures}"
DIGEST_WAITING = "⏳ Chờ sự kiện để có hạn: {count} nhiệm vụ ({numbers})"
DIGEST_UNDATED = ("❔ Chưa rõ thời hạn (kế hoạch ghi không rõ): {count} nhiệm vụ ({numbers}). Đầu mối đặt hạn, "
                  "ví dụ: hạn {first} 30/6")
MEETING = ("📋 Giao ban CCHC tháng {month}, họp {held}: chương trình kèm theo, số liệu đến {today} (quá hạn và giải "
           "trình, có nguy cơ chậm, đến hạn tháng sau, được giao trong tháng). Lấy lại: báo cáo giao ban")
MEETING_NO_FILE = ("📋 Giao ban CCHC tháng {month}, họp {held}. Để nhận chương trình giao ban (tệp Word), gõ: "
                   "báo cáo giao ban")
CHAT_GONE = ("⚠️ Nhóm «{title}» của {unit} đã chặn hoặc xóa bot: nhắc việc không gửi được tới đó. "
             "Cấp mã mới (nhacviec invite {code}) để liên kết lại.")
DELIVERY_FAILED = "⚠️ Không gửi được nhắc việc tới nhóm «{title}» của {unit} sau nhiều lần thử: {error}"
ZALO_COMBINED = "📬 {count} nhắc việc hôm nay, gộp thành một tin vì lượt gửi Zalo tháng này sắp hết:"
ZALO_COMBINED_TYPE = "Gõ: xong SỐ · nv SỐ · nhắc lại SỐ (ví dụ: xong {number})"
ZALO_BUDGET_NEAR = ("⚠️ Bot Zalo đã gửi {sent}/{limit} tin nhắn của tháng {month}. Khi sắp hết, nhắc việc của mỗi "
                    "nhóm Zalo được gộp thành một tin; khi hết, nhắc việc qua Zalo tạm dừng đến đầu tháng sau "
                    "(không mất nhắc việc nào).")
ZALO_BUDGET_SPENT = ("⚠️ Bot Zalo đã hết lượt gửi tin nhắn tháng {month} ({sent}/{limit}). Nhắc việc qua Zalo tạm "
                     "dừng và được gửi tiếp từ đầu tháng sau; các nhóm Telegram vẫn nhận bình thường.")
BUTTON_DONE = "✅ Xong"
BUTTON_DETAIL = "📋 Chi tiết"
BUTTON_SNOOZE = "⏰ Nhắc lại"
# «giải trình» (jobs.explaining): the request to the unit, its answer to the chairman, its raise unanswered
EXPLAIN_ASKED = ("❓ {by} yêu cầu giải trình: {task}{label} quá hạn {days} ngày (hạn {due}). Đề nghị trả lời chậm "
                 "nhất ngày {answer_due}, gõ: giải trình {number}: lý do …, đề xuất hạn mới NGÀY")
EXPLAIN_ANSWERED = ("📝 {unit} giải trình {task}{label} (quá hạn {days} ngày, hạn {due}): {reason}{proposed}\n"
                    "{accept}")
EXPLAIN_PROPOSED = ". Đề xuất hạn mới: {day}"
EXPLAIN_ACCEPT = "Đồng ý hạn mới, gõ: gia hạn {number} {day}"
EXPLAIN_ACCEPT_ANY = "Gia hạn nếu đồng ý, gõ: gia hạn {number} NGÀY"
EXPLAIN_LATE = ("⚠️ {unit} chưa trả lời yêu cầu giải trình {task}{label} ({by} yêu cầu ngày {asked}, hạn trả lời "
                "{answer_due}). Nhiệm vụ quá hạn {days} ngày (hạn {due}).")
BUTTON_EXPLAIN = "❓ Yêu cầu giải trình"
