"""What every channel does alike to a reply before delivering it: cut it to the platform's length, and show
buttons as the commands to type where they cannot be tapped (Zalo, the terminal)."""

from __future__ import annotations

from bot.core import texts
from bot.core.context import Reply


def with_commands(reply: Reply, per_button: bool = False) -> str:
    """The reply's text with its buttons written out: one «Gõ: xong 17 · nv 17» line on a phone; with
    `per_button` (a terminal, which has the width), a line per button with its label."""
    lines = [reply.text] if reply.text else []
    if per_button:
        lines += [texts.TYPE_BUTTON.format(label=b.label, command=b.command) for b in reply.buttons]
    elif reply.buttons:
        lines.append(texts.TYPE_COMMANDS.format(commands=" · ".join(b.command for b in reply.buttons)))
    return "\n".join(lines)


def split_message(text: str, limit: int) -> list[str]:
    """Cuts a long reply into messages of at most `limit` characters, on line boundaries where it can."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # a single line longer than a message: cut it on a space
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:cut])
            line = line[cut:].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current or not parts:
        parts.append(current)
    return parts

