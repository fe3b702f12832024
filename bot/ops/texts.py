"""The Vietnamese sentences of the operations commands: backup, restore, doctor (issue 17).

Kept apart from bot/texts.py, the chat's sentences, because these speak to whoever runs the server.
"""

from __future__ import annotations

BACKUP_DONE = "Đã sao lưu cơ sở dữ liệu ({kind}) vào {path} ({size} byte)."
RESTORE_DONE = "Đã khôi phục cơ sở dữ liệu từ {path}. Chạy lại bot để dùng dữ liệu này."
AUTO_BACKUP = "Đã sao lưu dữ liệu hiện có trước khi nạp: {path}"
AUTO_BACKUP_FAILED = ("Không nạp kế hoạch vì chưa sao lưu được dữ liệu hiện có: {error}\n"
                      "Sửa lỗi trên, hoặc thêm --no-backup nếu chắc chắn không cần bản sao lưu.")

BACKUP_ERRORS = {
    "unsupported": "Không sao lưu được loại cơ sở dữ liệu «{backend}»: chỉ hỗ trợ tệp SQLite và PostgreSQL.",
    "wrong_kind": ("Tệp {file} là bản sao lưu {kind}, còn cơ sở dữ liệu đích là {backend}: "
                   "hãy khôi phục vào cơ sở dữ liệu cùng loại."),
    "not_empty": ("Cơ sở dữ liệu đích đang có dữ liệu (bảng {tables}). Khôi phục sẽ ghi đè tất cả: "
                  "nếu chắc chắn, chạy lại với --force (nên sao lưu trước bằng `nhacviec backup --out …`)."),
    "unreadable": "Không đọc được tệp {file}: {error}",
    "not_a_copy": "Tệp {file} không phải bản sao lưu của nhacviec (tệp SQLite hoặc pg_dump dạng custom).",
    "no_tool": ("Không tìm thấy chương trình {program}. Cài gói postgresql-client cùng phiên bản chính với máy chủ "
                "PostgreSQL (ví dụ `apt-get install postgresql-client-15`)."),
    "tool_failed": "{program} báo lỗi: {error}",
}


def backup_error(reason: str, details: dict[str, str]) -> str:
    return BACKUP_ERRORS[reason].format(**details)

# ---------------------------------------------------------------- nhacviec doctor
DOCTOR_HEAD = "Tự kiểm tra Nhắc việc CCHC lúc {now}"
DOCTOR_MARK = {"ok": "✅", "info": "ℹ️", "warn": "⚠️", "error": "❌"}
DOCTOR_FIX = "   → Cách sửa: {fix}"
DOCTOR_SUMMARY = "Kết quả: {ok} đạt, {warn} cần lưu ý, {error} lỗi."

TG_NO_TOKEN = "Telegram: chưa đặt TELEGRAM_BOT_TOKEN, nên bot không chạy trên Telegram."
TG_NO_TOKEN_FIX = "Tạo bot với @BotFather, chép token vào tệp .env: TELEGRAM_BOT_TOKEN=…"
TG_TOKEN_OK = "Telegram: token hợp lệ, bot @{username} (id {id})."
TG_TOKEN_BAD = "Telegram: máy chủ Bot API từ chối token (getMe: {error})."
TG_TOKEN_BAD_FIX = ("Kiểm tra TELEGRAM_BOT_TOKEN trong .env: chép lại từ @BotFather → /mybots → API Token "
                    "(không có dấu cách, không có ngoặc kép).")
TG_UNREACHABLE = "Telegram: không kết nối được tới máy chủ Bot API ({error})."
TG_UNREACHABLE_FIX = ("Kiểm tra mạng và tường lửa của máy chủ (cần đi ra HTTPS tới api.telegram.org), "
                      "hoặc TELEGRAM_BASE_URL nếu dùng máy chủ Bot API riêng.")
TG_WEBHOOK_OK = "Telegram webhook: {url}, {pending} cập nhật đang chờ."
TG_WEBHOOK_MISSING = "Telegram webhook: đã cấu hình NHACVIEC_WEBHOOK_URL={wanted} nhưng Telegram đang giữ «{url}»."
TG_WEBHOOK_MISSING_FIX = "Khởi động lại bot (`nhacviec run` đặt webhook khi bắt đầu), rồi chạy lại `nhacviec doctor`."
TG_WEBHOOK_UNWANTED = ("Telegram: đang có webhook {url} trong khi bot được cấu hình chạy polling; "
                       "khi có webhook, getUpdates không nhận được tin nào.")
TG_WEBHOOK_UNWANTED_FIX = ("`nhacviec run` ở chế độ polling sẽ xóa webhook. Nếu một máy chủ khác đang nhận webhook "
                           "bằng token này, chỉ giữ một cách chạy.")
TG_POLLING = "Telegram: chạy polling (không có webhook), {pending} cập nhật đang chờ."
TG_NO_SECRET = "Telegram webhook: chưa đặt NHACVIEC_WEBHOOK_SECRET, ai biết URL cũng gửi được tin giả."
TG_NO_SECRET_FIX = "Đặt NHACVIEC_WEBHOOK_SECRET (chữ, số, _ và -, 1–256 ký tự) trong .env rồi khởi động lại bot."
TG_PENDING = "Telegram: {pending} cập nhật đang chờ, bot chưa nhận kịp."
TG_PENDING_FIX = "Xem bot có đang chạy không (`/readyz`), và nhật ký lỗi của nó."
TG_LAST_ERROR = "Telegram webhook: lần gửi gần nhất lỗi lúc {at}: {error}"
TG_LAST_ERROR_FIX = ("Kiểm tra URL công khai (HTTPS, chứng chỉ hợp lệ) và bộ chuyển tiếp (nginx…) đưa đường dẫn "
                     "/telegram tới NHACVIEC_WEBHOOK_LISTEN:NHACVIEC_WEBHOOK_PORT.")

ZALO_NO_TOKEN = "Zalo: chưa đặt ZALO_BOT_TOKEN, nên bot không chạy trên Zalo."
ZALO_TOKEN_OK = "Zalo: token hợp lệ, bot «{name}»."
ZALO_TOKEN_BAD = "Zalo: máy chủ Zalo Bot từ chối hoặc không trả lời getMe ({error})."
ZALO_TOKEN_BAD_FIX = "Kiểm tra ZALO_BOT_TOKEN (Zalo Bot Manager gửi token trong tin nhắn) và ZALO_BASE_URL."
ZALO_BUDGET = "Zalo: tháng {month} đã gửi {sent}/{limit} tin ({share:.0f} % hạn mức ZALO_MONTHLY_BUDGET)."
ZALO_BUDGET_NEAR_FIX = ("Nhắc việc sẽ được gộp thành một tin mỗi nhóm. Nếu cần, nâng gói Zalo và tăng "
                        "ZALO_MONTHLY_BUDGET, hoặc dùng Telegram cho các đơn vị có nhiều việc.")
ZALO_BUDGET_SPENT = "Zalo: đã hết hạn mức tin tháng {month}; nhắc việc qua Zalo chờ sang tháng sau."
ZALO_BUDGET_SPENT_FIX = "Nâng gói Zalo hoặc tăng ZALO_MONTHLY_BUDGET; các đơn vị có nhóm Telegram vẫn được nhắc."

DB_UNREACHABLE = "Cơ sở dữ liệu: không kết nối được ({error})."
DB_UNREACHABLE_FIX = ("Kiểm tra NHACVIEC_DATABASE_URL (máy chủ, cổng, tên, mật khẩu) và máy chủ PostgreSQL có "
                      "đang chạy; với SQLite, kiểm tra thư mục có quyền ghi.")
DB_OK = "Cơ sở dữ liệu: {url} trả lời; lược đồ ở phiên bản {revision} (mới nhất)."
DB_BEHIND = "Cơ sở dữ liệu: lược đồ ở phiên bản {revision}, bản mới nhất là {head}."
DB_BEHIND_FIX = "Chạy `nhacviec init` (chỉ nâng lược đồ, giữ dữ liệu); nên `nhacviec backup --out …` trước."
DB_TZ = "Múi giờ: máy chủ cơ sở dữ liệu dùng {server}; nhacviec lưu giờ UTC và tính theo {zone}, nên không ảnh hưởng."
TZ_MISSING = "Múi giờ: máy này không có dữ liệu múi giờ {zone} ({error})."
TZ_MISSING_FIX = "Cài gói tzdata (`apt-get install tzdata` hoặc `pip install tzdata`)."
TZ_PLAN_BAD = "Kế hoạch {commune} {year}: múi giờ «{zone}» không dùng được."
TZ_PLAN_BAD_FIX = "Sửa plan.timezone / policy.timezone trong tệp kế hoạch thành Asia/Ho_Chi_Minh rồi `nhacviec plan import`."

NO_PLAN = "Chưa có kế hoạch nào trong cơ sở dữ liệu."
NO_PLAN_FIX = "Chạy `nhacviec init` (kế hoạch mẫu) hoặc `nhacviec plan import TỆP`."
PLAN_PICK = "Có nhiều kế hoạch: {error}"

HOLIDAYS_OK = "Ngày nghỉ năm {year}: {count} ngày lễ; nghỉ bù/làm bù đã biết: {swaps}."
HOLIDAYS_NO_SWAPS = ("Ngày nghỉ năm {year}: {count} ngày lễ (âm lịch đã tính), nhưng chưa có ngày nghỉ bù hay ngày "
                     "làm bù nào được liệt kê; Chính phủ thường công bố hoán đổi ngày làm việc vào cuối năm trước.")
HOLIDAYS_NO_SWAPS_FIX = ("Khi có thông báo, thêm vào mục policy của tệp kế hoạch, ví dụ\n"
                         "     policy:\n       days_off: [\"{year}-04-30\"]\n       working_days: [\"{year}-04-25\"]\n"
                         "     rồi chạy `nhacviec plan import TỆP`.")
HOLIDAYS_UNKNOWN = "Ngày nghỉ năm {year}: gói holidays không có lịch nghỉ của năm này."
HOLIDAYS_UNKNOWN_FIX = "Nâng gói holidays (`pip install -U holidays`) hoặc liệt kê ngày nghỉ trong policy.days_off."

CLOCK_OK = "Đồng hồ hệ thống: {detail}."
CLOCK_BAD = "Đồng hồ hệ thống: {detail}."
CLOCK_BAD_FIX = ("Bật đồng bộ giờ (`timedatectl set-ntp true`, hoặc chrony/systemd-timesyncd); nhắc việc gửi "
                 "theo giờ của máy này.")
CLOCK_UNKNOWN = "Đồng hồ hệ thống: không đo được độ lệch khi không dùng mạng trên máy này."
CLOCK_DB = "lệch {offset:+.1f} giây so với máy chủ cơ sở dữ liệu"
CLOCK_SYNCED = "nhân Linux báo đã đồng bộ, sai số ước tính {error:.3f} giây"
CLOCK_UNSYNCED = "nhân Linux báo chưa đồng bộ với nguồn giờ nào"

CHATS_OK = "Nhóm chat: {unit} ({code}) có {chats}."
CHATS_NONE = "Nhóm chat: {names} chưa có nhóm chat nào, nên không nhận được nhắc việc."
CHATS_NONE_FIX = "Với mỗi đơn vị: `nhacviec invite MÃ` rồi gõ `/lienket MÃ_LIÊN_KẾT` trong nhóm của đơn vị."
CHATS_INACTIVE = "Nhóm chat: «{title}» của {unit} đã chặn hoặc xóa bot, không nhận được tin."
CHATS_INACTIVE_FIX = "Thêm lại bot vào nhóm, rồi liên kết lại: `nhacviec invite {code}` và `/lienket MÃ`."
