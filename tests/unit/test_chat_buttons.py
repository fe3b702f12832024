"""The question about a report in doubt, as each channel shows it: Telegram's ✅/✗ (the ✅ marked so that a
tap records the report asked about), Zalo's and the console's command to type (✗ runs nothing: not shown)."""

from __future__ import annotations

from bot.channels.console import console_text
from bot.channels.telegram import CALLBACK_LIMIT, callback_data, keyboard, visible_text
from bot.channels.zalo import zalo_text
from bot.core import texts
from bot.core.context import Button, ConfirmButton, Reply

QUESTION = Reply("Ghi nhận NV 17 xong?", (ConfirmButton(texts.BUTTON_YES, "xong 17"), Button(texts.BUTTON_NO, "")))


def test_telegram_marks_the_yes_and_gives_the_no_nothing_to_run() -> None:
    [[yes, no]] = keyboard(QUESTION).inline_keyboard
    assert (yes.text, yes.callback_data) == ("✅ Ghi nhận", "✅xong 17")
    assert (no.text, no.callback_data) == ("✗ Không", "✗")
    assert visible_text(QUESTION) == "Ghi nhận NV 17 xong?"
    assert callback_data(Button("↩️ Hoàn tác", "hoàn tác 17")) == "hoàn tác 17"  # other buttons as they were


def test_zalo_and_the_console_show_the_command_to_type() -> None:
    assert zalo_text(QUESTION) == "Ghi nhận NV 17 xong?\nGõ: xong 17"
    assert console_text(QUESTION) == "Ghi nhận NV 17 xong?\n  [✅ Ghi nhận] gõ: xong 17"


def test_a_question_about_many_tasks_writes_out_what_a_button_cannot_carry() -> None:
    numbers = ", ".join(f"BC-u{n:02d}" for n in range(12))
    many = Reply(f"Ghi nhận NV {numbers} xong?", (ConfirmButton(texts.BUTTON_YES, f"xong {numbers}"),
                                                 Button(texts.BUTTON_NO, "")))
    assert len(callback_data(many.buttons[0]).encode()) > CALLBACK_LIMIT
    assert visible_text(many).endswith(f"Gõ: xong {numbers}")
    assert [b.callback_data for row in keyboard(many).inline_keyboard for b in row] == ["✗"]
