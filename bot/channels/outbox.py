"""What every channel does alike to a reply before delivering it: cut it to the platform's length, and show
buttons as the commands to type where they cannot be tapped (Zalo, the terminal)."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.channels.channel import Limits
from bot.core import texts
from bot.core.context import Reply


def with_commands(reply: Reply, per_button: bool = False) -> str:
    """The reply's text with its buttons written out: one «Gõ: xong 17 · nv 17» line on a phone; with
    `per_button` (a terminal, which has the width), a line per button with its label."""
    lines = [reply.text] if reply.text else []
    buttons = [b for b in reply.buttons if b.command]  # "✗ Không" runs nothing: there is nothing to type
    typed = [_typeable(b.command) for b in buttons]
    if per_button:
        lines += [texts.TYPE_BUTTON.format(label=b.label, command=command) for b, command in zip(buttons, typed,
                                                                                                strict=True)]
    elif buttons:
        lines.append(texts.TYPE_COMMANDS.format(commands=" · ".join(typed)))
    return "\n".join(lines)


def _typeable(command: str) -> str:
    """A button's command as a person types it: «hoàn tác 17 #812» names the change a tap takes back; typed,
    «hoàn tác 17» takes back this chat's newest change to 17, which is that one."""
    return re.sub(r"\s+#\d+$", "", command)


def utf16_units(text: str) -> int:
    """How Zalo (like JavaScript) counts a text's length: an emoji outside the BMP is two."""
    return len(text.encode("utf-16-le")) // 2


def _fitting(line: str, limit: int, measure: Callable[[str], int]) -> int:
    """How many characters of `line` fit in `limit` as `measure` counts."""
    if measure is len:
        return min(limit, len(line))
    used = 0
    for index, ch in enumerate(line):
        used += measure(ch)
        if used > limit:
            return index
    return len(line)


def split_message(text: str, limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """Cuts a long reply into messages of at most `limit` (characters, or as `measure` counts), on line
    boundaries where it can."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while measure(line) > limit:  # a single line longer than a message: cut it on a space
            fit = max(_fitting(line, limit, measure), 1)
            cut = line.rfind(" ", 0, fit)
            cut = cut if cut > 0 else fit
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:cut])
            line = line[cut:].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if measure(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current or not parts:
        parts.append(current)
    return parts


def cut(text: str, limits: Limits) -> list[str]:
    """The text in the messages a platform takes, as its limits count them (whole where it has none)."""
    return split_message(text, limits.text, limits.measure) if limits.text is not None else [text]
