"""What the web side says in Vietnamese: the board's titles and sentences (the templates hold their labels),
and the refusal of a link."""

from __future__ import annotations

COMMUNE_TITLE = "{commune}: kế hoạch CCHC năm {year}"
UNIT_TITLE = "{unit}, {commune}: kế hoạch CCHC năm {year}"
TASK_TITLE = "Nhiệm vụ {number}, {commune}"
CITY_TITLE = "{province}: các xã, phường, năm {year}"
CITY_NO_PROVINCE = "toàn thành phố"
AS_OF = "Tính đến ngày {today}"
NOT_FOUND_TITLE = "Không tìm thấy trang"
NOT_FOUND = "Trang này không có, hoặc nằm ngoài phạm vi liên kết của anh/chị."
REFUSED_TITLE = "Liên kết không dùng được"
# Every refused link gets this, whatever was wrong (a made-up, tampered, expired or revoked link, or one whose
# chat left its unit): it says how to get a new one, and nothing of why (bot.web.access); a page says it on a
# page, a feed as its plain body
REFUSED = ("Đường dẫn này không mở được (sai, đã hết hạn hoặc đã bị thu hồi). Gõ «bảng» hoặc «lịch» trong "
           "nhóm chat của đơn vị để lấy đường dẫn mới.")
LINK_REFUSED = REFUSED + "\n"
NO_COMMUNE = "Chưa có xã nào của {province} có kế hoạch năm {year}."

# the city's table sorted by ?sort=…: the key, its words (worst first: what a leader looks at first)
SORTS = {
    "qua-han": "quá hạn nhiều trước",
    "nguy-co": "có nguy cơ chậm nhiều trước",
    "ty-le": "tỷ lệ đúng hạn thấp trước",
    "ten": "tên xã",
}
DEFAULT_SORT = "qua-han"

# where a «giải trình» stands (plan_data.explanations.Standing)
STANDING = {"asked": "đang chờ trả lời", "late": "quá hạn trả lời", "answered": "đã trả lời"}

BACK_CITY = "Các xã"
BACK_COMMUNE = "Cả xã"
BACK_LIST = "Danh sách"
CITY_WHOLE = "Cả thành phố"
