"""How Vietnamese text is folded for matching, once for every reader.  (pure)

Officers type without diacritics, plans mix NFC and NFD, "hóa" and "hoá", "–" and "-", full-width
digits from a PDF. Every reader (chat commands, dates, unit names, time phrases) compares folded text.
"""

from __future__ import annotations

import re
import unicodedata

_DASHES = dict.fromkeys("‐‑‒–—―−", "-")
_D = dict.fromkeys("đĐð", "d")


def fold_char(ch: str) -> str:
    """One character folded: no diacritics, đ -> d, lower case, dashes and spaces unified. It may become ""
    (a combining mark, a zero-width joiner) or several characters (a ligature), never a different count of
    characters of its own: callers map positions in the folded text back to the original through it."""
    if ch in _D:
        return "d"
    if ch.isspace() or ch == "_":
        return " "
    ch = _DASHES.get(ch, ch)
    if unicodedata.category(ch) in ("Mn", "Cf"):
        return ""
    # NFKD: full-width digits from a PDF ("２０２６") become digits, not noise
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)).lower()


def fold(text: str) -> str:
    """Lower-case ASCII-like form of Vietnamese text, spaces collapsed: "Phòng Văn hoá – Xã hội" ->
    "phong van hoa - xa hoi"."""
    folded = "".join(fold_char(ch) for ch in unicodedata.normalize("NFC", text))
    return re.sub(r"\s+", " ", folded).strip()
