"""fold() is what every reader compares (chat commands, dates, unit names, time phrases): for any text it is the
text's characters folded one by one (fold_char, which callers also use to map positions back), with every run of
whitespace one space and none at the ends; and Vietnamese folded twice is folded once."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from plan_data.folding import fold, fold_char

# Vietnamese as typed and pasted: precomposed and combining marks, đ, dashes, odd spaces, full-width digits
PIECES = st.sampled_from(["Phòng", "Văn hoá", "hóa", "Xã hội", "đ", "Đ", "–", "—", "\u00a0", "\u2003", "\t", "\n",
                          "２０２６", "ạ", "ê\u0301", "ﬁ", "\u200b", "  ", "Quý I/2026", "xong 17"])
TEXTS = st.one_of(st.text(), st.lists(PIECES, max_size=12).map("".join))


@settings(max_examples=400)
@given(TEXTS)
def test_fold_is_its_characters_folded_with_spaces_collapsed(text: str) -> None:
    by_character = "".join(fold_char(ch) for ch in unicodedata.normalize("NFC", text))
    assert fold(text) == " ".join(by_character.split())


@given(st.lists(PIECES, max_size=12).map("".join))
def test_vietnamese_folds_once_for_all(text: str) -> None:
    assert fold(fold(text)) == fold(text)  # (not of every script: NFKD splits some letters, Thai's «ำ»)


def test_examples_read_as_officers_type_them() -> None:
    assert fold("Phòng Văn hoá – Xã hội") == fold("phong van hoa - xa hoi") == "phong van hoa - xa hoi"
    assert fold(" Xong\u00a017  ạ ") == "xong 17 a"
    assert fold("２０２６") == "2026"
