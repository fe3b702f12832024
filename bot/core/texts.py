"""Every sentence the chat core and the CLI say, in Vietnamese. Dates are written by plan_data.wording."""

from __future__ import annotations

from jobs.texts import BUTTON_DETAIL, BUTTON_DONE, BUTTON_SNOOZE  # noqa: F401  (the reminders' buttons)
from plan_data.tasknumbers import Match
from plan_data.tasknumbers import short_title as section_title
from plan_data.wording import (  # noqa: F401  (how dates and statuses are written, for every floor)
    LIGHT_ICONS,
    STATUS_ICONS,
    STATUS_NAMES,
    counts_header,
    day,
    day_with_weekday,
    days_phrase,
    short_title,
    state_icon,
    state_name,
    task_name,
)

KIND_NAMES = {
    "deadline": "hạn chót",
    "window": "trong khoảng",
    "recurring": "định kỳ",
    "ongoing": "thường xuyên / cả năm",
    "event": "theo sự kiện",
    "undated": "chưa rõ thời hạn",
}


PLAN_CHECK_OK = "Đọc được kế hoạch {commune} năm {year}: {tasks} nhiệm vụ ({appendix} trong phụ lục, {body} từ phần nội dung). Chưa ghi gì vào cơ sở dữ liệu."
PLAN_REFUSED_ROWS = "Không nạp kế hoạch: {count} lỗi ở {rows} dòng (dưới đây, mỗi lỗi một dòng). Cơ sở dữ liệu không thay đổi."
PLAN_REFUSED_FILE = "Không nạp kế hoạch: tệp có lỗi chung (không phải lỗi của một dòng). Cơ sở dữ liệu không thay đổi."
PLAN_CHECK_UNITS = "Bảng đơn vị (mã · loại · tên) — sửa mã và tên trong tệp dữ liệu (plan export) trước khi nạp:"
PLAN_CHECK_TASKS = "Nhiệm vụ (mã · mục, số văn bản ghi · đơn vị được nhắc · loại hạn · ngày đến hạn):"
UNIT_KINDS = {"internal": "được nhắc", "external": "ngoài", "role": "vai trò"}
UNIT_PROPOSED = "đề xuất"
UNIT_NO_TASK = "chưa có việc"  # a unit nobody knew: a code made from its name, created only once accepted
PLAN_CHECK_WARNINGS = "Cần xem lại {count} dòng (vẫn nạp được; không đoán ngày, không đoán đơn vị):"
PLAN_UNDATED = ("{count} nhiệm vụ chưa rõ thời hạn ({numbers}): nạp không có hạn, không nhắc cho đến khi đầu mối đặt "
                "hạn trong nhóm chat, ví dụ: hạn {first} 30/6/{year}")
PLAN_DONE_AS_WRITTEN = "{count} nhiệm vụ kế hoạch ghi là đã làm ({numbers}): nạp là đã hoàn thành, ô thời gian giữ làm ghi chú"
PLAN_DIFF = "So với kế hoạch đang dùng: {parts}."
PLAN_DIFF_PARTS = {"created": "thêm {count} ({numbers})", "updated": "sửa {count} ({numbers})",
                   "renumbered": "đổi số {count} ({numbers})", "retired": "bỏ {count} ({numbers}; giữ lịch sử)"}
PLAN_DIFF_NONE = "So với kế hoạch đang dùng: không thay đổi nhiệm vụ nào."
PLAN_NEEDS_APPLY = ("Chưa nạp: {count} nhiệm vụ đã có người cập nhật sẽ bị bỏ, đổi số hoặc đổi hẳn nội dung ({numbers}). "
                    "Xem lại danh sách trên; đúng thì nạp lại với --apply. Cơ sở dữ liệu không thay đổi.")
PLAN_NEEDS_NAME = ("Văn bản không ghi tên kế hoạch, nên không biết nạp vào kế hoạch nào ({plans}). Thêm --commune "
                   "TÊN (tên một kế hoạch đã có để cập nhật nó, hoặc tên mới). Cơ sở dữ liệu không thay đổi.")
UNDATED_AFTER_IMPORT = ("📋 Kế hoạch {commune} năm {year} vừa nạp có {count} nhiệm vụ chưa rõ thời hạn (kế hoạch ghi "
                        "chưa đọc được thành ngày). Chưa nhắc ai cho đến khi có hạn:\n{lines}\n"
                        "Đặt hạn từng việc, ví dụ: hạn {first} 30/6/{year}")
UNDATED_LINE = "• {number} «{content}» — ghi: «{written}»"
UNDATED_MORE = "… và {count} nhiệm vụ nữa (xem: nhacviec plan check TỆP)"
PLAN_IMPORTED = "Đã nạp kế hoạch {commune} năm {year}: {created} nhiệm vụ mới, {updated} cập nhật, {unchanged} giữ nguyên, {retired} đã bỏ khỏi kế hoạch (giữ lịch sử)."
INIT_DONE = "Cơ sở dữ liệu sẵn sàng: {url}"
INIT_LOADED = "Đã nạp kế hoạch mẫu: {commune} năm {year} ({tasks} nhiệm vụ)."
INIT_KEPT = "Đã có kế hoạch {commune} năm {year}; giữ nguyên (nạp lại bằng: nhacviec plan import TỆP)."

ACTION_NAMES = {"done": "báo xong", "awaiting": "báo xong (chờ duyệt)", "progress": "cập nhật tiến độ",
                "undo": "hoàn tác", "set-date": "đặt hạn", "extend": "gia hạn", "approve": "duyệt",
                "snooze": "hẹn nhắc lại", "reopen": "mở lại",
                "end": "kết thúc nhiệm vụ", "explain-ask": "yêu cầu giải trình", "explain-answer": "giải trình",
                "ask-explanation": "yêu cầu giải trình", "explain": "trả lời giải trình",
                "take": "nhận nhiệm vụ", "assign": "giao cho", "part": "báo phần phối hợp",
                "part-done": "báo xong phần phối hợp", "part-progress": "cập nhật phần phối hợp"}

# chat: binding and help
UNBOUND = ("Nhóm này chưa được liên kết với đơn vị nào nên chưa xem được kế hoạch.\n"
           "Xin đầu mối CCHC (Phòng Văn hóa - Xã hội) một mã liên kết, rồi gõ: /lienket MÃ")
# a chat bound through another tenant's bot (plan_data.tenants.in_tenant): nothing read, nothing changed
OTHER_TENANT = ("Nhóm này đã liên kết qua bot của một tỉnh khác nên bot này không phục vụ ở đây ạ. "
                "Anh/chị nhắn đầu mối CCHC để được hướng dẫn nhé.")
LINK_BAD = "Mã liên kết «{code}» không đúng, đã dùng hoặc đã hết hạn. Xin đầu mối CCHC cấp mã mới."
LINK_CONFIRM = ("Nhóm này đang liên kết với {current} ({commune}); mã này là của {target} ({target_commune}). "
                "Để chuyển nhóm sang đó, gõ lại: /lienket {code}")
LINK_MOVED = "Đã chuyển nhóm này sang {unit} ({commune}). Gõ «việc» để xem nhiệm vụ."
LINK_LIMITED = "Nhóm này đã nhập sai mã liên kết nhiều lần. Thử lại sau 1 giờ, hoặc xin đầu mối CCHC mã mới."
LINK_DONE = "Đã liên kết nhóm này với {unit} ({commune}). Gõ «việc» để xem nhiệm vụ, «hướng dẫn» để xem cách dùng."
LINK_PERSONAL = ("Đã liên kết chat riêng này với {unit} ({commune}): nhắc việc của đơn vị sẽ đến đây. "
                 "Gõ «việc» để xem nhiệm vụ, «hướng dẫn» để xem cách dùng.")
LINK_PERSONAL_MOVED = "Đã chuyển chat riêng này sang {unit} ({commune}): từ nay nhắc việc của đơn vị sẽ đến đây."
LINK_PEOPLE_GROUP = ("Mã «{code}» dành cho chat riêng của từng cán bộ {unit}: nhắn riêng cho bot /lienket {code}. "
                     "Để liên kết nhóm, xin đầu mối CCHC mã liên kết nhóm.")
LINK_PEOPLE_FULL = "Mã «{code}» đã đủ số người liên kết với {unit}. Xin đầu mối CCHC cấp mã mới."
HELP_HEADER = "Nhắc việc CCHC — {unit}, {commune}. Gõ (có dấu hay không dấu đều được):"  # then bot.core.registry's lines

# chat: answers
NO_SUCH_TASK = "Không có nhiệm vụ {number} trong kế hoạch. Gõ «việc» để xem nhiệm vụ của đơn vị."
NO_SUCH_TASK_MAYBE = "Không có NV {number}; có thể là {candidates}?"
TASK_IN_SECTIONS = "NV {number} có ở {count} mục: {items}. Gõ lại, ví dụ: {example}"
CANDIDATES_SHOWN = 8  # a longer list helps nobody choose
ASK_DONE = "Ghi nhận NV {numbers} xong?"
BUTTON_YES = "✅ Ghi nhận"
BUTTON_NO = "✗ Không"
DISMISSED = "Không ghi nhận gì."
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
PROGRESS_OK = "📈 {task}{label}: tiến độ {percent}%."
PROGRESS_FULL_HINT = " Khi xong hẳn, gõ: xong {number}"
PROGRESS_NOT_RECORDED = "{why} Không ghi tiến độ. Nếu cần làm tiếp, gõ «mở lại {number}»."
STILL_OPEN = " Còn {labels} chưa báo cáo (quá hạn): gõ «xong {number}» lần nữa cho từng kỳ."
UNDO_NOTHING = "{task}: chưa có thay đổi nào để hoàn tác."
UNDO_NOTHING_HERE = ("{task}: nhóm này chưa thay đổi gì để hoàn tác; thay đổi cuối là {action} của {by} từ nhóm khác. "
                     "Muốn mở lại việc đã xong thì gõ «mở lại {number}».")
UNDO_GONE = "{task}: thay đổi gắn với nút này đã được hoàn tác rồi (hoặc không còn); không làm gì thêm."
UNDO_CHANGED_SINCE = ("{task}: sau {action} đã có thay đổi khác ({later} của {by}); hoàn tác thay đổi đó trước, "
                      "rồi gõ lại «hoàn tác {number}».")
END_OK = ("⏹ {task}: đã kết thúc; không theo dõi, không nhắc các kỳ {labels}. Gõ «hoàn tác {number}» nếu cần "
          "theo dõi tiếp.")
END_STILL_OWED = " Kỳ {labels} đã bắt đầu nên vẫn cần báo cáo: xong {number}."
END_NOT_ONGOING = ("{task} không phải nhiệm vụ thường xuyên, cả năm nên không kết thúc được. Khi xong, đơn vị gõ: "
                   "xong {number}.")
END_NOTHING = "{task}: không còn kỳ nào chưa bắt đầu để kết thúc. Các kỳ đã bắt đầu cần báo cáo: xong {number}."
REOPEN_OK = "↩️ {task}{label}: đã mở lại (báo xong ngày {day} của {by} không còn tính). Trạng thái: {status}."
REOPEN_NOT_DONE = ("{task} đang mở, chưa báo xong, nên không cần mở lại. Muốn bỏ thay đổi cuối cùng thì gõ: "
                   "hoàn tác {number}")
ALREADY_AWAITING = "{task}{label}: đã báo xong, đang chờ đầu mối CCHC duyệt (duyệt {number}). Không cần báo lại."
SET_DATE_DONE = "{task} đã hoàn thành; muốn đặt lại hạn thì gõ «mở lại {number}» trước."
EXTEND_DONE = ("{task}{label} đã hoàn thành ngày {day}; không gia hạn. Nếu cần làm lại, gõ «mở lại {number}» "
               "rồi gia hạn.")
EARLY_DONE = " Lưu ý: kỳ thực hiện bắt đầu từ {opens} — báo xong sớm {days} ngày. Nếu nhầm, gõ: hoàn tác {number}"
DAY_OFF_WARNING = " Lưu ý: {day} là {why}, không phải ngày làm việc; nhắc việc sẽ gửi vào ngày làm việc trước đó."
CHAINED = " 📅 NV {numbers} chờ việc này nên nay có hạn {due} (tính từ ngày NV {number} xong)."
CHAINED_EACH = " 📅 Các việc chờ việc này nay có hạn: NV {items} (tính từ ngày NV {number} xong)."
UNCHAINED = " 📅 NV {numbers} lại chờ NV {number} xong mới có hạn."
CHAINED_REMARK = "theo NV {number} hoàn thành ngày {day}"
GROUP_DONE = "(Nhiệm vụ {number} gồm {parts}: đã ghi nhận cả {count}.)"
UNDO_OK = "↩️ {task}: đã hoàn tác {action} của {by} lúc {at}. Trạng thái: {status}."
# chat: «giải trình» (bot.core.explaining)
EXPLAIN_ASK_OK = ("❓ {task}{label}: đã yêu cầu {unit} giải trình (quá hạn {days} ngày), hạn trả lời {due}.{no_chat} "
                  "Nhầm thì gõ: hoàn tác {number}")
EXPLAIN_NO_CHAT = " Lưu ý: {unit} chưa liên kết nhóm chat nào nên chưa nhận được tin này (cấp mã: nhacviec invite {code})."
EXPLAIN_NOT_OVERDUE = "{task} không quá hạn ({status}) nên không cần giải trình."
EXPLAIN_ALREADY_ASKED = ("{task}{label}: đã yêu cầu giải trình ngày {asked} ({by}), hạn trả lời {due}; "
                         "đang chờ đơn vị trả lời.")
EXPLAIN_UNITS_ANSWER = ("Chỉ Chủ tịch UBND xã và đầu mối CCHC yêu cầu giải trình. Trả lời yêu cầu giải trình thì gõ: "
                        "giải trình {number}: lý do …, đề xuất hạn mới NGÀY")
EXPLAIN_NOT_ASKED = ("{task}: chưa có yêu cầu giải trình nào đang chờ trả lời. Ghi chú tiến độ thì gõ: "
                     "td {number} 50% nội dung")
EXPLAIN_BAD_DATE = ("Không hiểu hạn mới đề xuất «{text}»; chưa ghi nhận giải trình. Gõ lại, ví dụ: giải trình "
                    "{number}: {reason}, đề xuất hạn mới 30/12")
EXPLAIN_PAST_DATE = ("Hạn mới đề xuất ({day}) phải sau hôm nay; chưa ghi nhận giải trình. Gõ lại, ví dụ: giải trình "
                     "{number}: {reason}, đề xuất hạn mới 30/12")
EXPLAIN_OK = ("📝 {task}{label}: đã ghi nhận giải trình{proposed} và gửi Chủ tịch UBND xã.{no_chat} Nhầm thì gõ: "
              "hoàn tác {number}")
CHAIRMAN_NAME = "Chủ tịch UBND xã"
EXPLAIN_OK_PROPOSED = ", đề xuất hạn mới {day}"
EXPLAIN_ASK_REMARK = "hạn trả lời {due}"
EXPLAIN_REMARK = "{reason}"
EXPLAIN_REMARK_PROPOSED = "{reason}; đề xuất hạn mới {day}"
BUTTON_EXPLAIN = "❓ Yêu cầu giải trình {number}"
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
MY_TASKS_SHORT_HEADER = "Nhiệm vụ đang mở của {who}: {count}, việc cần làm sớm trước:"
MY_TASKS_LATE = "🔴 Quá hạn ({count}):"
MY_TASKS_MORE_LATE = "… và {count} việc quá hạn khác (gõ «quá hạn»)."
MY_TASKS_AT_RISK = "🟠 Có nguy cơ chậm ({count}):"
MY_TASKS_SOON = "📅 Hạn trong {days} ngày tới ({count}):"
MY_TASKS_REST = "… và {parts}."
COUNT_LATER = "{count} nhiệm vụ hạn sau"
COUNT_ONGOING = "{count} nhiệm vụ thường xuyên"
COUNT_WAITING = "{count} nhiệm vụ chờ sự kiện"
NO_LEAD_WRITTEN = "(kế hoạch không ghi)"
NO_TIME_WRITTEN = "(kế hoạch không ghi) — chưa rõ thời hạn"
COUNT_UNDATED = "{count} nhiệm vụ chưa rõ thời hạn"
MY_TASKS_ALL_HINT = "Gõ «việc tất cả» để xem hết."
MY_TASKS_HEADER = "Nhiệm vụ đang mở của {who}, hạn gần trước:"
UNKNOWN_COMMAND = "Chưa hiểu «{text}».{suggestion} Gõ «hướng dẫn» để xem các lệnh."
UNKNOWN_SUGGESTION = " Có phải ý là «{word}»?"
SUMMARY_HEADER = "📊 Tổng hợp kế hoạch CCHC {commune} năm {year}, đến {today}:"
SUMMARY_OWN = "Nhiệm vụ của đơn vị"  # a unit's «tổng hợp»: its own tasks, as its chart
SUMMARY_PERIODS = "(nhiệm vụ định kỳ tính mỗi kỳ đã đến hạn: {items} lượt)"
SUMMARY_COLUMNS = counts_header()  # the words of the figures of «tổng hợp», from plan_data.figure_columns
BUTTON_UNDO = "↩️ Hoàn tác"
# chat: a person on a task (bot.core.people)
TAKE_OK = "🙋 {person} đã nhận {task}. Nhắc việc của nhiệm vụ này sẽ gọi tên {given}."
TAKE_OVER = " (thay {previous})"
TAKE_ALREADY = "{task}: {person} đã nhận nhiệm vụ này rồi ạ."
TAKE_NOT_OWN = ("Nhiệm vụ {number} do {unit} phụ trách; ở nhóm {me} chỉ nhận được nhiệm vụ của {me}. "
                "Gõ «việc» để xem nhiệm vụ của đơn vị.")
PERSON_ASSIGN_OK = "👤 {task}: đã giao cho {person}. Nhắc việc của nhiệm vụ này sẽ gọi tên {given}."
PERSON_ASSIGN_ALREADY = "{task}: {person} đang thực hiện nhiệm vụ này rồi."
PERSON_ASSIGN_UNKNOWN = ("{task}: chưa biết ai là «{named}» ở {unit}. Người đã biết: {known}. "
                  "Gõ lại với một tên trong danh sách nhé, ví dụ: giao {number} cho {example}")
PERSON_ASSIGN_NOBODY = ("{task}: chưa biết cán bộ nào của {unit}. Nhờ người thực hiện nhắn một tin trong nhóm của "
                 "đơn vị (hoặc gõ «nhận {number}» ở đó), rồi giao lại nhé.")
PERSON_ASSIGN_AMBIGUOUS = "{task}: ở {unit} có {count} người là «{named}»: {known}. Gõ rõ hơn, ví dụ: giao {number} cho {example}"
PERSON_NO_PERIOD = "{task} chưa có kỳ thực hiện nào nên chưa ghi được người thực hiện."
PERSON_LINE = "• Người thực hiện: {person}"
MINE_NONE = "{who} chưa nhận nhiệm vụ nào đang mở. Gõ «việc» để xem nhiệm vụ của đơn vị."
PERSON_ASSIGN_WHAT = "giao nhiệm vụ cho người thực hiện"
# chat: a coordinating unit's part of a task (bot.core.parts); the parts inform, the lead closes the task
PART_DONE_OK = ("🤝 {task}{label}: đã ghi nhận {unit} xong phần phối hợp ({done}/{total} đơn vị phối hợp đã xong). "
                "Nhiệm vụ vẫn do {lead} chủ trì báo xong. Nhầm thì gõ: hoàn tác {number}")
PART_PROGRESS_OK = ("🤝 {task}{label}: phần phối hợp của {unit} đạt {percent}% ({done}/{total} đơn vị phối hợp "
                    "đã xong). Nhầm thì gõ: hoàn tác {number}")
PART_ALREADY_DONE = "{task}: {unit} đã báo xong phần phối hợp rồi ạ. Muốn sửa thì gõ: hoàn tác {number}"
PART_NO_PERIOD = "{task} chưa có kỳ thực hiện nào nên chưa ghi được phần phối hợp."
PART_REMARK = "{unit}"  # the history's note of a part's change: whose part it is
PART_IS_LEAD = "Nhiệm vụ {number} do {me} chủ trì: báo cả nhiệm vụ bằng «xong {number}» hoặc «td {number} 50%»."
PART_NOT_COORDINATING = "Nhóm {me} không phối hợp nhiệm vụ {number} nên không có phần việc để báo."
PART_USE_FORM = ("Nhiệm vụ {numbers} do {unit} chủ trì; {me} phối hợp. Báo phần việc của {me}: «xong phần {number}» "
                 "hoặc «td phần {number} 50%». Nhiệm vụ chỉ xong khi {unit} báo xong.")
PART_LINE = "• Phần phối hợp ({done}/{total} đã xong): {parts}"
PART_STATE_DONE = "{unit} ✅ xong ({by}, {day})"
PART_STATE_PROGRESS = "{unit} {percent}%"
PART_STATE_NONE = "{unit} chưa báo"
PART_ASK_OK = "📨 {task}: đã nhắn {units} báo phần phối hợp.{no_chat}"
PART_ASK_NO_CHAT = " Chưa gửi được cho {units}: đơn vị chưa liên kết nhóm nào."
PART_ASK_ALL_DONE = "{task}: các đơn vị phối hợp đều đã xong phần việc ({total}/{total})."
PART_ASK_NONE = "{task} không có đơn vị phối hợp nào để hỏi."
PART_REQUEST = ("📨 {by} đề nghị {unit} báo phần phối hợp {task} (chủ trì: {lead}). Xong thì gõ: xong phần {number} "
                "· đang làm: td phần {number} 50%")
YOU = "Anh/chị"
MINE_HEADER = "Nhiệm vụ đang mở của {who}, hạn gần trước:"
# console chat
CONSOLE_PICK = "Trò chuyện với tư cách đơn vị nào? Gõ mã:"
CONSOLE_PICK_COMMUNE = "Cơ sở dữ liệu có kế hoạch của nhiều xã. Chọn xã (gõ số hoặc tên):"
CONSOLE_BAD_COMMUNE = "Không có xã «{name}». Gõ số thứ tự hoặc tên xã trong danh sách."
CONSOLE_BAD_UNIT = "Không có đơn vị «{code}»."
CONSOLE_WELCOME = ("Nhắc việc CCHC — cửa sổ lệnh, với tư cách {unit}.\n"
                   "Gõ «hướng dẫn» để xem các lệnh, «thoát» để ra.")
MESSAGE_TOO_LONG = "Tin nhắn dài {length} ký tự, quá {limit}; không xử lý. Gõ lệnh ngắn, ví dụ: xong 17 đã nộp."
MALFORMED_CHAT = "Không nhận ra nhóm chat hay người gửi tin này, nên không xử lý."
ERROR_REPLY = "Có lỗi khi xử lý tin này; dữ liệu không thay đổi. Thử lại, hoặc gõ «hướng dẫn»."

# command line
BAD_SETTING = ("Không đọc được thiết lập {fields} (trong biến môi trường hoặc tệp .env). Sửa lại theo mẫu "
               ".env.example; ngày viết dd/mm/yyyy.")
OUT_NO_FOLDER = "Không ghi được {path}: thư mục {folder} không có. Tạo thư mục trước, hoặc chọn chỗ khác."
OUT_IS_FOLDER = "Không ghi được: {path} là một thư mục. Ghi cả tên tệp, ví dụ {path}/bao-cao.xlsx."
OUT_NOT_ALLOWED = "Không có quyền ghi {path}. Chọn thư mục khác."
OUT_DISK_FULL = "Không ghi được {path}: đĩa đã đầy. Giải phóng chỗ trống rồi chạy lại."
OUT_FAILED = "Không ghi được {path}: {why}."
BAD_COMMUNE_NAME = "tên xã phải là một dòng chữ, không quá {limit} ký tự"
FILE_NOT_FOUND = "Không tìm thấy tệp {path}. Kiểm tra lại tên và thư mục của tệp."
FILE_IS_FOLDER = "{path} là một thư mục, không phải tệp kế hoạch. Ghi tên tệp .txt, .docx hoặc .yaml."
FILE_UNREADABLE = "Không đọc được tệp {path}: {why}."
DATABASE_UNKNOWN_REVISION = ("Cơ sở dữ liệu ở phiên bản lược đồ «{revision}» mà bản nhacviec này không biết (mới nhất "
                             "là {head}), nên không làm gì; hãy dùng bản nhacviec đã tạo ra nó.")
DATABASE_EMPTY = "Cơ sở dữ liệu {url} chưa được tạo. Chạy trước: .venv/bin/nhacviec init"
DATABASE_BEHIND = ("Cơ sở dữ liệu {url} ở phiên bản lược đồ «{revision}», bản nhacviec này cần «{head}». Chạy trước: "
                   ".venv/bin/nhacviec init (nâng cấp, không mất dữ liệu)")
CONSOLE_DATABASE = "Cơ sở dữ liệu: {url}"
CONSOLE_ASK_NAME = "Tên người dùng (ghi vào lịch sử thay đổi; Enter để dùng «{default}»): "
CONSOLE_TODAY = "🔔 Nhắc việc hôm nay của {unit}:"
STATUS_HEADER = f"{'TT':>8}  {'Đơn vị':<6} Trạng thái"
SCHEDULE_HEADER = f"{'TT':>8}  {'Đơn vị':<6} {'Loại hạn':<22} Ngày đến hạn"
INVITE_DONE = ("Mã liên kết cho {unit}: {code}\n"
               "Trong nhóm chat của đơn vị, gõ: /lienket {code}\n(dùng một lần, hết hạn {expires})")
INVITE_PEOPLE_DONE = ("Mã liên kết chat riêng cho cán bộ {unit}: {code}\n"
                      "Mỗi người nhắn riêng cho bot: /lienket {code}\n"
                      "(tối đa {people} người, chỉ chat riêng, không dùng cho nhóm; hết hạn {expires})")

# «giao»: a task assigned in the chat (plan_data.assigned)
ASSIGN_REFUSED = "Chỉ Chủ tịch UBND xã và đầu mối CCHC được giao nhiệm vụ. Nhóm {me} báo tiến độ việc của mình: xong, td."
ASSIGN_OK = "✅ Đã giao {number}: {content}\nChủ trì: {lead}{coordinators}\nHạn: {due}\nVăn bản: {source}"
ASSIGN_COORDINATORS = "; phối hợp: {names}"
ASSIGN_NO_SOURCE = "(không ghi; thêm «theo CV số …» khi giao)"
ASSIGN_DUE_AS_WRITTEN = "{due} («{written}»)"
ASSIGN_DUE_MORE = "{due} và {count} kỳ sau («{written}»)"
ASSIGN_ASK_DATE = {
    "missing": "⚠️ Chưa có hạn: {number} chưa được nhắc. Gõ «hạn {number} 15/12/{year}» để đặt hạn.",
    "unread": "⚠️ Chưa hiểu hạn «{written}»: {number} chưa được nhắc. Gõ «hạn {number} 15/12/{year}» để đặt hạn.",
    "past": "⚠️ Hạn «{written}» đã qua: {number} chưa được nhắc. Gõ «hạn {number} NGÀY» với ngày còn tới.",
    "event": "⚠️ {number} chờ sự kiện «{written}»: khi biết ngày, gõ «hạn {number} NGÀY».",
}
ASSIGN_NO_DATE = "chưa có"
ASSIGNED_BY = "• Giao: {by}, lúc {at} · văn bản: {source}"
ASSIGN_UNKNOWN_UNITS = ("Chưa giao: kế hoạch không có đơn vị {names}. Gõ lại với mã hoặc tên đơn vị: {codes}. "
                        "Ví dụ: giao kt: Báo cáo …, hạn 15/12/{year}")
ASSIGN_NOT_A_LEAD = ("Chưa giao: {name} không phải đơn vị của xã nên không nhận nhắc. Chọn một đơn vị chủ trì: "
                     "{codes}")
ASSIGN_TOLD = "📌 {by} giao {number}: {content}\nChủ trì: {lead}{coordinators}\nHạn: {due}\nVăn bản: {source}"

# reminders (the scheduler's messages)
SNOOZE_OK = "⏰ Sẽ nhắc lại {task} lúc {at}."
SIMULATE_REVERSED = "Khoảng ngày bị ngược: --from {start} sau --to {end}. Viết ngày đầu trước, ví dụ --from 01/03/2026 --to 31/03/2026."
SIMULATED = "{count} tin nhắn sẽ được gửi từ {start} đến {end}."

# the «lịch» reply (what the files themselves say is in bot/files/texts.py)
MEETING_REPLY = ("📋 Chương trình giao ban CCHC tháng {month}, số liệu đến {today}: quá hạn (kèm giải trình), có nguy "
                 "cơ chậm, đến hạn tháng sau, được giao trong tháng. Giao ban tháng này {tense} {held}.")
CALENDAR_REPLY = "📅 Lịch hạn các nhiệm vụ: mở tệp .ics bằng Google Calendar hoặc Outlook để thêm vào lịch."

# «bảng», «lịch» as a feed, «thu hồi bảng» (bot.core.boards): links to the web board and the calendar feeds
BOARD_SERVED = "Bảng theo dõi và lịch trên web: {url}/b/… (gõ «bảng» hoặc «lịch» để lấy đường dẫn)."
BOARD_PORT_TAKEN = "Bảng theo dõi trên web không chạy được: cổng {port} đang bận ({problem}). Đặt NHACVIEC_WEB_PORT khác."
BOARD_OFF = "Bảng theo dõi trên web chưa bật: quản trị bot cần đặt {missing} rồi khởi động lại bot."
BOARD_LINK = ("📊 Bảng theo dõi {what}:\n{url}\nMở bằng điện thoại hoặc máy tính, dùng được đến {until}. Ai có đường dẫn "
              "đều xem được: gõ «thu hồi bảng» để thu hồi.")
FEED_LINKS = ("📅 Lịch hạn {what}, tự cập nhật khi gia hạn, đổi ngày hay có việc mới. Thêm vào Google Calendar hoặc "
              "Outlook («Thêm lịch từ URL»):\n{url}\nhoặc mở trên điện thoại: {webcal}\nDùng được đến {until}; "
              "tệp .ics kèm theo mở ngay được.")
FEED_OFF = CALENDAR_REPLY + " Lịch tự cập nhật: quản trị bot cần đặt {missing}."
SCOPE_COMMUNE = "toàn xã {commune}"
SCOPE_UNIT = "của {unit}"
SCOPE_CITY = "các xã của {province}"
CITY_NO_CALENDAR = ("Nhóm cấp thành phố không có lịch riêng: lịch hạn là của từng xã (Chủ tịch, đầu mối CCHC và các "
                    "đơn vị của xã gõ «lịch»). Xem mọi xã: gõ «bảng».")
LINKS_REVOKED = ("Đã thu hồi {count} đường dẫn (bảng, lịch) của nhóm này: không mở được nữa. Gõ «bảng» hoặc «lịch» "
                 "để lấy đường dẫn mới.")
NO_LINK_TO_REVOKE = "Nhóm này không có đường dẫn bảng hay lịch nào còn dùng được."

# Zalo (no buttons: the commands are shown to type; a few thousand messages a month on the free plan)
TYPE_COMMANDS = "Gõ: {commands}"
TYPE_BUTTON = "  [{label}] gõ: {command}"
ZALO_FILE = ("📎 {name}: Zalo chưa gửi được tệp này (Zalo không nhận tệp đính kèm từ bot). Cách lấy: gõ cùng "
             "lệnh trong nhóm Telegram của đơn vị (bot gửi tệp ở đó), hoặc nhờ đầu mối CCHC (Phòng Văn hóa - Xã "
             "hội) gửi. Quản trị bot có thể đặt NHACVIEC_PUBLIC_URL để bot gửi đường dẫn tải tệp trên Zalo.")
ZALO_FILE_LINK = "📎 {name}:\n{url}\n(đường dẫn riêng của đơn vị, mở được đến {until})"
FILES_SECRET_NEEDED = ("NHACVIEC_PUBLIC_URL cần NHACVIEC_FILES_SECRET dài ít nhất {length} ký tự (khóa ký các "
                       "đường dẫn tải tệp).")
ZALO_SECRET_NEEDED = "ZALO_WEBHOOK_URL cần ZALO_WEBHOOK_SECRET dài từ 8 đến 256 ký tự (chữ, số, _ và -)."
TELEGRAM_SECRET_NEEDED = ("NHACVIEC_WEBHOOK_URL cần NHACVIEC_WEBHOOK_SECRET dài từ 8 đến 256 ký tự (chữ, số, _ và -): "
                          "không có nó, ai cũng gửi được tin giả tới bot.")
ZALO_START_FAILED = ("Không khởi động được bot Zalo ({error}). Kiểm tra ZALO_BOT_TOKEN, ZALO_BASE_URL "
                     "và ZALO_WEBHOOK_URL.")

# the city's chat (thanhpho)
CITY_OVERDUE_HEADER = "🔴 Quá hạn ở các xã của {province} (đến {today}): {total} nhiệm vụ"
CITY_NOTHING_OVERDUE = "✅ Không xã nào trong {count} xã của {province} có nhiệm vụ quá hạn (đến {today})."
CITY_NO_COMMUNE = "Chưa có xã nào của {province} có kế hoạch CCHC năm {year} trong cơ sở dữ liệu."
CITY_SUMMARY_HEADER = "📊 Kế hoạch CCHC {year} của {count} xã, {province} — đến {today}:"
CITY_REPORT_CAPTION = "Báo cáo CCHC các xã, {province} (số liệu đến {as_of})"
CITY_HELP = "Nhắc việc CCHC — cấp thành phố ({province}). Gõ:"  # then its commands, as bot.core.registry has them
CITY_ONLY = "Nhóm cấp thành phố chỉ xem được: {words}. Việc của từng xã do xã cập nhật."


def not_found(number: str, match: Match | None, word: str) -> str:
    """A number that names no task for sure: which sections it is in (ask which, act on none), the nearest
    numbers, or that there is none. `word`: the command to show the way ("xong", "td", "nv")."""
    if match is None or not match.candidates:
        return NO_SUCH_TASK.format(number=number)
    shown = [f"{c.number} ({section_title(c.title)})" if c.title and match.several else c.number
             for c in match.candidates[:CANDIDATES_SHOWN]] + (["…"] if len(match.candidates) > CANDIDATES_SHOWN else [])
    if match.several:
        return TASK_IN_SECTIONS.format(number=number, count=len(match.candidates), items=" · ".join(shown),
                                       example=f"{word} {match.candidates[0].number}")
    return NO_SUCH_TASK_MAYBE.format(number=number, candidates=" · ".join(shown))


def numbers_of(numbers: list[str], shown: int = 4) -> str:
    """Task numbers in one phrase: "24.1", "24.1, 24.2", "24.1, 24.2, 24.3, 24.4 và 2 nhiệm vụ khác"."""
    if len(numbers) <= shown:
        return ", ".join(numbers)
    return f"{', '.join(numbers[:shown])} và {len(numbers) - shown} nhiệm vụ khác"
