"""The command line's own sentences, in Vietnamese: the demo, the files' formats, the console's ending.

(The older command-line sentences still live in bot/core/texts.py beside the chat's.)
"""

from __future__ import annotations

DEMO_NOTE = "(Ngày thử {moment}; cơ sở dữ liệu thử {url}: không nhóm chat thật nào nhận gì từ đây.)"
CONSOLE_DEMO = ("(Ngày thử: {day} lúc {time}, giờ chạy tiếp từ đó, trên cơ sở dữ liệu thử {url}: thay đổi ở đây "
                "không đến các nhóm thật. Bot thật luôn theo ngày giờ thật.)")
DEMO_NOT_HERE = ("Lệnh «{command}» làm việc với bot và cơ sở dữ liệu thật nên không nhận ngày thử "
                 "(NHACVIEC_TODAY); bỏ biến này rồi chạy lại.")
DEMO_NOT_FOR_BOTS = ("Bot Telegram/Zalo luôn chạy theo ngày giờ thật, không nhận ngày thử (--date, NHACVIEC_TODAY). "
                     "Để thử một ngày, thêm --console: nhacviec run --console --date 20/03/2026")
DEMO_SAME_DATABASE = ("NHACVIEC_DEMO_DATABASE_URL trùng cơ sở dữ liệu thật (NHACVIEC_DATABASE_URL): ngày thử không bao "
                      "giờ chạy trên dữ liệu thật; đặt một cơ sở dữ liệu khác, hoặc bỏ trống để dùng var/nhacviec-thu.db.")
DEMO_NO_PLAN = ("Cơ sở dữ liệu thử ({url}) chưa có kế hoạch của «{commune}»; nó có: {plans}. Các lệnh có --date "
                "dùng cơ sở dữ liệu này, tách khỏi dữ liệu thật: nạp vào đó bằng "
                "nhacviec plan import TỆP --commune \"{commune}\" --date NGÀY")

FORMAT_NAMES = {".xlsx": ".xlsx (bảng tính)", ".docx": ".docx (văn bản Word)", ".png": ".png (ảnh)",
                ".ics": ".ics (lịch)", ".yaml": ".yaml", ".yml": ".yml"}
OUT_FORMAT = "Không ghi được «{name}»: lệnh {command} chỉ ghi tệp {formats}."

CONSOLE_BYE = "Tạm biệt."

# `nhacviec giao FILE` (bot/cli/directives.py)
DIRECTIVE_DONE = "Đã giao {count} nhiệm vụ theo «{document}» vào kế hoạch {commune} {year} (mục «Nhiệm vụ được giao»):"
DIRECTIVE_UNKNOWN_UNIT = ("cột «{column}»: kế hoạch đang dùng không có đơn vị «{name}»; sửa thành tên hoặc mã một đơn vị "
                          "của xã rồi chạy lại")
DIRECTIVE_DONE_ALREADY = "thời gian ghi «{written}»: việc đã xong, không có gì để giao; bỏ dòng này rồi chạy lại"
DIRECTIVE_REFUSED_ROWS = ("Không giao nhiệm vụ nào: {count} lỗi ở {rows} dòng (dưới đây, mỗi lỗi một dòng). Cơ sở dữ "
                          "liệu không thay đổi.")
DIRECTIVE_REFUSED_FILE = "Không giao nhiệm vụ nào: tệp có lỗi chung (không phải lỗi của một dòng). Cơ sở dữ liệu không thay đổi."
DIRECTIVE_GIVEN_BEFORE = "đã giao theo «{document}» là {number}: văn bản này đã được giao rồi, không giao lại"

# `nhacviec tenant` (bot/cli/tenants.py), `plan import --tenant`, `invite`
TENANT_DEFAULT_NAME = "Triển khai chung"
TENANT_DEFAULT_BOTS = "bot chung (TELEGRAM_BOT_TOKEN, ZALO_BOT_TOKEN)"
TENANT_LINE = "• {key} — {name}: {plans} kế hoạch, {chats} nhóm đã liên kết; {bots}"
TENANT_NO_BOT = "chưa có bot"
TENANT_NONE = "Chưa có tỉnh (tenant) nào: chỉ dùng bot chung của hệ thống (NHACVIEC_TENANTS_FILE để trống)."
TENANT_UNKNOWN = "Không có tỉnh (tenant) «{key}» trong tệp NHACVIEC_TENANTS_FILE. Các mã có: {known}."
TENANT_NO_PLAN = "Không có kế hoạch nào của {what}: không chuyển gì."
TENANT_ASSIGNED = "Đã chuyển {count} kế hoạch sang {name} ({key}): {plans}."
TENANT_RELINK = ("{count} nhóm đã liên kết qua bot khác: bot đó thôi phục vụ và thôi nhắc các nhóm này. Các nhóm "
                 "liên kết lại bằng mã mới, gõ cho bot của {name} (nhacviec invite ĐƠN_VỊ --commune XÃ).")
INVITE_TENANT = "Mã này chỉ dùng được khi gõ cho {bots} của {name}; bot của tỉnh khác không nhận."
# `nhacviec invite --people`, `nhacviec usage` (bot/cli/usage.py)
WHOLE_NUMBER = "cần một số nguyên từ {low} đến {high}"
USAGE_HEADER = "Tin nhắc đã gửi từ {first} đến {last}:"
USAGE_NONE = "Chưa gửi tin nhắc nào từ {first} đến {last}."
USAGE_PLATFORM = "{platform}: {sent} tin; ngày nhiều nhất {day}: {most} tin"
USAGE_MONTH = ("  tháng {month}: {sent} tin trong {days} ngày đã tính → ước cả tháng {projected}/{budget} "
               "({share:.0f} % hạn mức ZALO_MONTHLY_BUDGET){warning}")
USAGE_OVER = " ⚠️ vượt hạn mức"
USAGE_UNIT = "  {commune} · {unit}: {sent} tin, trung bình {average:.1f}/ngày, nhiều nhất {day}: {most}"
USAGE_NO_UNIT = "không rõ đơn vị"
