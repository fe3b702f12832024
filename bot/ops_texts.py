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
