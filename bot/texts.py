"""Every sentence the bot and the CLI say, in Vietnamese, and how dates are written (dd/mm/yyyy)."""

from __future__ import annotations

from datetime import date

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

KIND_NAMES = {
    "deadline": "hạn chót",
    "window": "trong khoảng",
    "recurring": "định kỳ",
    "ongoing": "thường xuyên / cả năm",
    "event": "theo sự kiện",
}


def day(d: date | None) -> str:
    """20/11/2026"""
    return d.strftime("%d/%m/%Y") if d else "—"


def day_with_weekday(d: date | None) -> str:
    """20/11/2026 (Thứ Sáu)"""
    return f"{day(d)} ({WEEKDAYS[d.weekday()]})" if d else "chưa có ngày"


def short_title(content: str, limit: int = 60) -> str:
    """A task's content cut to fit one line of a phone screen, on a word boundary."""
    text = " ".join(content.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


PLAN_CHECK_OK = "Đọc được kế hoạch {commune} năm {year}: {tasks} nhiệm vụ ({appendix} trong phụ lục, {body} từ phần nội dung). Chưa ghi gì vào cơ sở dữ liệu."
PLAN_REFUSED = "Không nạp kế hoạch: {count} dòng không đọc được. Cơ sở dữ liệu không thay đổi."
PLAN_IMPORTED = "Đã nạp kế hoạch {commune} năm {year}: {created} nhiệm vụ mới, {updated} cập nhật, {unchanged} giữ nguyên, {retired} đã bỏ khỏi kế hoạch (giữ lịch sử)."
INIT_DONE = "Cơ sở dữ liệu sẵn sàng: {url}"
INIT_LOADED = "Đã nạp kế hoạch mẫu: {commune} năm {year} ({tasks} nhiệm vụ)."
INIT_KEPT = "Đã có kế hoạch {commune} năm {year}; giữ nguyên (nạp lại bằng: nhacviec plan import TỆP)."
WHEN_NOT_UNDERSTOOD = "{reason}"
