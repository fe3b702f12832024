"""What the web side says (Vietnamese), beside what the pages' templates write."""

# Every refused link gets this one body, whatever was wrong (a made-up, tampered, expired or revoked link, or
# one whose chat left its unit): it says how to get a new one, and nothing of why (bot.web.access).
LINK_REFUSED = ("Đường dẫn này không mở được (sai, đã hết hạn hoặc đã bị thu hồi). Gõ «bảng» hoặc «lịch» trong "
                "nhóm chat của đơn vị để lấy đường dẫn mới.\n")
