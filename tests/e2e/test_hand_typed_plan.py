"""A commune's own plan, typed by hand in Word, from the file to the chat: `plan check`, `plan import
--accept-units`, then its two unreadable deadlines set in the console with «hạn» (issue 22, done when)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.hand_typed import UNREAD, write_docx


def test_a_hand_typed_ward_plan_goes_from_word_to_the_chat(run, tmp_path: Path) -> None:
    plan = write_docx(tmp_path / "ke-hoach-hai-an.docx")
    moment = ("--date", "06/01/2026 09:00")
    checked = run("plan", "check", str(plan), *moment)
    assert "Phòng Kinh tế, Hạ tầng và Đô thị" in checked.stdout and "đề xuất" in checked.stdout
    assert all(f"(TT {n})" in checked.stdout for n in UNREAD)
    refused = run("plan", "import", str(plan), *moment, check=False)
    assert refused.returncode == 1 and "--accept-units" in refused.stderr
    run("plan", "import", str(plan), "--accept-units", *moment)
    typed = "".join(f"hạn {n} {day}\n" for n, day in zip(UNREAD, ("30/6/2026", "15/5/2026"), strict=True))
    chat = run("run", "--console", *moment, "--commune", "Hải An", "--as", "vhxh", stdin=typed + "thoát\n")
    assert "hạn 30/06/2026" in chat.stdout and "hạn 15/05/2026" in chat.stdout
    rows = {r["task"]: r for r in json.loads(run("schedule", "--json", "--commune", "Hải An", *moment).stdout)}
    assert (rows["4"]["due"], rows["7"]["due"]) == (["2026-06-30"], ["2026-05-15"])
    assert rows["5"]["kind"] == "undated"  # «Đã ban hành»: done by the import, no date to remind of
