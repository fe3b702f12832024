"""The board's words in Vietnamese: the titles and sentences its pages say (the templates hold their labels)."""

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
REFUSED = "Liên kết đã hết hạn, đã bị thu hồi hoặc không đúng. Nhắn «bảng» trong nhóm để nhận liên kết mới."
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
