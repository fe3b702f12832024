"""The Vietnamese sentences of the operations commands: backup, restore, doctor (issue 17), and of the settings.

Kept apart from bot/core/texts.py, the chat's sentences, because these speak to whoever runs the server.
"""

from __future__ import annotations

import errno

# a day or a moment typed for a command or NHACVIEC_TODAY (bot/ops/moments.py)
BAD_MOMENT = ("ngày giờ «{text}» không đúng; viết dd/mm/yyyy hoặc dd/mm/yyyy HH:MM, ví dụ 02/02/2026 hoặc "
              "\"02/02/2026 08:00\" (không ghi giờ là 08:00)")

BACKUP_DONE = "Đã sao lưu cơ sở dữ liệu ({kind}) vào {path} ({size} byte)."
RESTORE_DONE = ("Đã khôi phục cơ sở dữ liệu từ {path} (lược đồ {revision}, khớp bản kê). "
                "Chạy lại bot để dùng dữ liệu này.")
RESTORE_DONE_OLD = ("Đã khôi phục cơ sở dữ liệu từ {path} (lược đồ {revision}). Tệp không có bản kê (bản sao lưu "
                    "cũ): đã kiểm tra cấu trúc, không có tổng kiểm để so. Chạy lại bot để dùng dữ liệu này.")
BACKUP_MANIFEST = "Bản kê (phiên bản lược đồ, số dòng, SHA-256): {path}; giữ cùng tệp sao lưu."
BACKUP_OUT_FOLDER = "Không sao lưu: {path} là một thư mục; ghi cả tên tệp, ví dụ {path}/sao-luu.db."
BACKUP_OUT_FAILED = "Không ghi được bản sao lưu {path}: {why}."
OS_REASONS = {errno.ENOENT: "không có thư mục đó", errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
              errno.EACCES: "không có quyền ghi", errno.EPERM: "không có quyền ghi", errno.ENOSPC: "đĩa đã đầy",
              errno.EROFS: "ổ đĩa chỉ cho đọc", errno.EISDIR: "đó là một thư mục"}


def os_reason(problem: OSError) -> str:
    """Why the system refused, in Vietnamese for what a person can fix; the system's words otherwise."""
    return OS_REASONS.get(problem.errno or 0) or problem.strerror or str(problem)

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
    "missing": "Không có tệp {file}. Kiểm tra lại tên và thư mục của bản sao lưu.",
    "folder": "{file} là một thư mục, không phải bản sao lưu: ghi cả tên tệp.",
    "not_allowed": "Không có quyền đọc tệp {file}.",
    "not_a_copy": "Tệp {file} không phải bản sao lưu của nhacviec (tệp SQLite hoặc pg_dump dạng custom).",
    "no_tool": ("Không tìm thấy chương trình {program}. Cài gói postgresql-client cùng phiên bản chính với máy chủ "
                "PostgreSQL (ví dụ `apt-get install postgresql-client-15`)."),
    "tool_failed": "{program} báo lỗi: {error}",
    "corrupt": "Không khôi phục: tệp {file} bị hỏng hoặc không phải bản sao lưu trọn vẹn (không qua kiểm tra toàn vẹn).",
    "schema": ("Không khôi phục: cấu trúc của tệp {file} khác với cấu trúc chương trình tạo ra ({problems}), "
               "nên tệp đã bị sửa hoặc không phải bản sao lưu của nhacviec."),
    "no_revision": "Không khôi phục: tệp {file} không ghi phiên bản lược đồ (bảng alembic_version trống).",
    "unknown_revision": ("Không khôi phục: tệp {file} ở phiên bản lược đồ «{revision}» mà bản nhacviec này không "
                         "biết (mới nhất là {head}); hãy khôi phục bằng bản nhacviec đã tạo ra nó."),
    "foreign_keys": ("Không khôi phục: tệp {file} có {count} dòng trỏ tới dòng không tồn tại (bảng {tables}), "
                     "tức là dữ liệu không trọn vẹn."),
    "manifest_bad": "Không khôi phục: bản kê {file} không đọc được hoặc không phải bản kê của nhacviec.",
    "manifest_version": ("Không khôi phục: bản kê của {file} theo định dạng {version}, bản nhacviec này chỉ biết "
                         "định dạng {known}."),
    "manifest_differs": "Không khôi phục: bản kê đi kèm {file} khác với bản kê nằm trong tệp.",
    "manifest_kind": "Không khôi phục: bản kê của {file} ghi loại {kind}, còn tệp là {backend}.",
    "manifest_revision": ("Không khôi phục: bản kê của {file} ghi phiên bản lược đồ {expected}, còn dữ liệu trong "
                          "tệp ở phiên bản {found}."),
    "manifest_tables": "Không khôi phục: các bảng trong tệp {file} khác với bản kê (bảng {tables}).",
    "manifest_rows": ("Không khôi phục: bảng {table} trong tệp {file} có {found} dòng, bản kê ghi {expected}, nên "
                      "tệp đã bị sửa hoặc hỏng sau khi sao lưu."),
    "manifest_checksum": ("Không khôi phục: tổng kiểm SHA-256 của dữ liệu trong tệp {file} khác với bản kê, nên "
                          "tệp đã bị sửa hoặc hỏng sau khi sao lưu."),
    "install_failed": ("Không khôi phục: {program} không ghi được bản đã kiểm tra vào cơ sở dữ liệu đích, nên "
                       "cơ sở dữ liệu đích vẫn như trước (mọi thay đổi nằm trong một giao dịch)."),
    "no_scratch": ("Không khôi phục: không tạo được cơ sở dữ liệu tạm để kiểm tra bản sao lưu trước; người dùng "
                   "PostgreSQL «{user}» cần quyền CREATEDB."),
}

SCHEMA_KINDS = {"table": "bảng", "view": "view", "materialized view": "materialized view", "trigger": "trigger",
                "index": "chỉ mục", "constraint": "ràng buộc", "sequence": "sequence", "function": "hàm",
                "procedure": "thủ tục", "rule": "rule", "policy": "policy", "type": "kiểu", "schema": "schema",
                "extension": "extension", "event trigger": "event trigger"}
SCHEMA_CHANGES = {"extra": "thừa {what}", "missing": "thiếu {what}", "changed": "{what} khác định nghĩa"}
SCHEMA_MORE = "và {count} chỗ khác"
SCHEMA_SHOWN = 6  # differences named in one sentence; the rest are counted


def schema_differences(problems) -> str:
    """«thừa trigger «a», «b»; thiếu bảng «c»»: the differences grouped, the first few by name."""
    groups: dict[tuple[str, str], list[str]] = {}
    for problem in problems[:SCHEMA_SHOWN]:
        groups.setdefault((problem.kind, problem.type), []).append(f"«{problem.name}»")
    parts = [SCHEMA_CHANGES[kind].format(what=f"{SCHEMA_KINDS.get(type_, type_)} {', '.join(names)}")
             for (kind, type_), names in groups.items()]
    if len(problems) > SCHEMA_SHOWN:
        parts.append(SCHEMA_MORE.format(count=len(problems) - SCHEMA_SHOWN))
    return "; ".join(parts)


def backup_error(reason: str, details: dict[str, str], problems=()) -> str:
    return BACKUP_ERRORS[reason].format(**details, problems=schema_differences(problems))

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
ZALO_BOT_NAMED = "bot {bot}, "  # a tenant's Zalo bot, by its public key: "Zalo: bot 123456, tháng …"
ZALO_BUDGET_LASTS = " Với mức gửi tháng này, hạn mức còn đủ khoảng {days:.0f} ngày, không đến hết tháng."
ZALO_BUDGET_LASTS_MONTH = " Với mức gửi tháng này, hạn mức đủ đến hết tháng."

DB_UNREACHABLE = "Cơ sở dữ liệu: không kết nối được ({error})."
DB_UNREACHABLE_FIX = ("Kiểm tra NHACVIEC_DATABASE_URL (máy chủ, cổng, tên, mật khẩu) và máy chủ PostgreSQL có "
                      "đang chạy; với SQLite, kiểm tra thư mục có quyền ghi.")
DB_OK = "Cơ sở dữ liệu: {url} trả lời; lược đồ ở phiên bản {revision} (mới nhất)."
DB_BEHIND = "Cơ sở dữ liệu: lược đồ ở phiên bản {revision}, bản mới nhất là {head}."
DB_BEHIND_FIX = "Chạy `nhacviec init` (chỉ nâng lược đồ, giữ dữ liệu); nên `nhacviec backup --out …` trước."
DB_UNKNOWN = ("Cơ sở dữ liệu: lược đồ ở phiên bản {revision} mà bản nhacviec này không biết (mới nhất là {head}); "
              "có thể nó do bản nhacviec mới hơn tạo.")
DB_UNKNOWN_FIX = "Chạy bản nhacviec đã tạo cơ sở dữ liệu này, hoặc khôi phục một bản sao lưu của bản này."
DB_SCHEMA_OK = "Cơ sở dữ liệu: cấu trúc đúng như các bản nâng cấp tạo ra (không thừa, không thiếu)."
DB_SCHEMA_BAD = "Cơ sở dữ liệu: cấu trúc khác với cấu trúc chương trình tạo ra: {problems}."
DB_SCHEMA_BAD_FIX = ("Thứ không do chương trình tạo (nhất là trigger, view) có thể tự đổi dữ liệu, ví dụ liên kết "
                     "nhóm chat: dừng bot, khôi phục một bản sao lưu tốt (`nhacviec restore TỆP --force`), hoặc "
                     "xóa đúng các mục trên.")
DB_SCHEMA_UNCHECKED = "Cơ sở dữ liệu: chưa so được cấu trúc với cấu trúc chương trình tạo ra ({error})."
DB_TZ = "Múi giờ: máy chủ cơ sở dữ liệu dùng {server}; nhacviec lưu giờ UTC và tính theo {zone}, nên không ảnh hưởng."
TZ_MISSING = "Múi giờ: máy này không có dữ liệu múi giờ {zone} ({error})."
TZ_MISSING_FIX = "Cài gói tzdata (`apt-get install tzdata` hoặc `pip install tzdata`)."
TZ_PLAN_BAD = "Kế hoạch {commune} {year}: múi giờ «{zone}» không dùng được."
TZ_PLAN_BAD_FIX = "Sửa plan.timezone / policy.timezone trong tệp kế hoạch thành Asia/Ho_Chi_Minh rồi `nhacviec plan import`."

NO_PLAN = "Chưa có kế hoạch nào trong cơ sở dữ liệu."
NO_PLAN_FIX = "Chạy `nhacviec init` (kế hoạch mẫu) hoặc `nhacviec plan import TỆP`."
PLAN_PICK = "Kế hoạch: {error}"
PLAN_NAMED = "{commune} {year} — "  # before a finding about one of several plans
COMMUNE_OPTION = ' --commune "{commune}"'

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
CHATS_NONE_FIX = "Với mỗi đơn vị: `nhacviec invite MÃ{option}` rồi gõ `/lienket MÃ_LIÊN_KẾT` trong nhóm của đơn vị."
CHATS_INACTIVE = "Nhóm chat: «{title}» của {unit} đã chặn hoặc xóa bot, không nhận được tin."
CHATS_INACTIVE_FIX = "Thêm lại bot vào nhóm, rồi liên kết lại: `nhacviec invite {code}{option}` và `/lienket MÃ`."

# issue 28: a bot per tenant (bot/channels/bots.py), named by its tenant and key, never by its token
DEFAULT_TENANT = "mặc định"


def bot_label(tenant: str, key: str) -> str:
    """A bot as /readyz, the log and the doctor name it: «mặc định» for the deployment's own tenant and bot."""
    return f"{tenant or DEFAULT_TENANT}/{key}" if key else (tenant or DEFAULT_TENANT)


BOT_NAMED = "[{bot}] "  # before each doctor line of one bot, when the deployment serves several
TENANT_SECRET_NEEDED = ("Bot {bot} chạy webhook nhưng chưa có webhook_secret riêng (8–256 ký tự: chữ, số, _ và -): "
                        "mỗi token một secret. Thêm webhook_secret_env = \"TÊN_BIẾN\" vào bot đó trong tệp tenant.")
TENANT_SECRET_SHARED = ("Bot {bot} dùng cùng webhook_secret với bot {other}: mỗi token một secret riêng, "
                        "để tin gửi cho bot này không được nhận ở đường dẫn của bot kia.")
TENANTS_BROKEN_FIX = "Sửa tệp NHACVIEC_TENANTS_FILE theo từng dòng trên, rồi chạy lại `nhacviec doctor`."
TENANTS_OK = "Tệp tenant: {count} tenant, {bots} bot."
