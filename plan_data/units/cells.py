"""Units named in a plan's lead and coordinating cells: split, recognised, given codes.  (pure)

A cell lists units with ",", ";", "/", " và ", line breaks or bullets, but a unit's own name may hold a comma,
a dash or "và" ("Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Văn hóa - Xã hội"). So a cell is read by what its
units are: the names the catalogue and the plan know are found first, whole, however abbreviated
(plan_data.units.spotting), and only the stretches between them are cut at separators, where a piece that does
not start like a unit's name ("Thể thao", "Công nghệ") is glued back onto the piece before it. Nothing is
glued across a line break, ";", "/", a bullet or the end of a sentence. Collective phrases ("Các sở, ban,
ngành", "UBND các xã, phường", "cơ quan liên quan") name no one unit and are not made units. Whether a unit
is the issuer's own (reminded) or outside it (named, never reminded) depends on the issuer's level: a Sở is
outside a commune but inside a province.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from plan_data.folding import fold
from plan_data.units import catalogue
from plan_data.units.spec import Level, UnitDirectory, UnitKind, UnitNotFound, UnitSpec, name_key
from plan_data.units.spotting import Scanner, dotted_abbreviation

__all__ = ["Level", "infer_units", "is_collective", "kind_for", "split_names", "unit_code"]


_CHUNK = re.compile(r"\s*[;/\n•]\s*")  # no name crosses these
_BULLET = re.compile(r"^[-+*–•]\s*")
_SENTENCE_END = re.compile(r"\.\s+(?=[^\W\d_])")
_PIECE = re.compile(r"(,|\s+và\s+|\s[-+–]\s|(?<!\b[A-ZĐ])(?<!\bT[PpX])\.\s+|\s+(?=(?:Sở|Bộ|Các|UBND)\s))")
# How a unit's name starts (folded); a piece that starts otherwise continues the name before it.
_HEADS = (
    "so", "bo", "ban", "phong", "van phong", "uy ban", "ubnd", "hdnd", "hoi dong", "trung tam", "cong an", "vien",
    "truong", "bao", "dai", "hoi", "lien hiep", "hiep hoi", "cuc", "chi cuc", "tong cuc", "kho bac", "thue",
    "bao hiem", "ngan hang", "doan", "mat tran", "toa an", "doanh nghiep", "cac", "co quan", "don vi", "dia phuong",
    "to chuc", "nha cung cap", "chu tich", "pho chu tich", "thanh vien", "lanh dao", "bo chi huy", "ban chi huy",
    "tap doan", "tong cong ty", "cong ty", "buu dien", "quan doi", "thu truong", "giam doc", "nganh", "phuong",
    "xa", "dac khu", "tinh", "thanh pho", "chinh phu", "thu tuong", "quoc hoi", "ubmttq", "dang uy", "huyen",
    "thanh tra", "tram", "doi", "to", "benh vien", "hop tac xa", "chi nhanh",
)  # fmt: skip
_CATEGORY = (r"(?:so|bo|ban|nganh|phuong|xa|dac khu|huyen|dia phuong|co quan|don vi|vien|truong|doanh nghiep"
             r"|to chuc|doan the|hoi|tinh|thanh pho|quan|linh vuc)")
_QUALIFIER = r"(?:va|co|lien|quan|tinh|cap|xa|huyen|thuoc|truc thuoc|chinh tri|xa hoi|nha nuoc|chuyen mon|su nghiep" \
             r"|cong lap|dich vu|-)"
_COLLECTIVE = re.compile(
    rf"^(?:cac|nhung|moi|mot so|nha cung cap|nha dau tu|doi tuong) |lien quan"
    rf"|^{_CATEGORY}(?: (?:{_CATEGORY}|{_QUALIFIER}))*$"
    r"|^uy ban nhan dan (?:cac |cap )|^uy ban nhan dan (?:xa|phuong|dac khu|huyen)(?: (?:xa|phuong|dac khu))*$"
    r"|^co quan (?:thuong truc|dau moi|chu tri|phoi hop)",
    re.ASCII,
)
_OUTSIDE = {
    Level.COMMUNE: re.compile(
        r"^(?:so|bo|cuc|tong cuc|thu tuong|chinh phu|quoc hoi|trung uong|tw)\b|\b(?:tinh|thanh pho|trung uong|tw)$"
        r"|^(?:uy ban nhan dan|ubnd|ban chi dao|hdnd|hoi dong nhan dan) (?:tinh|thanh pho)", re.ASCII),
    Level.PROVINCE: re.compile(
        r"^(?:bo(?! chi huy)|cuc|tong cuc|thu tuong|chinh phu|quoc hoi|van phong chinh phu|trung uong|tw)\b"
        r"|\b(?:trung uong|tw|cua tw)$", re.ASCII),
    Level.NATION: re.compile(r"^(?:to chuc quoc te|doi tac)\b", re.ASCII),
}
_NOISE = re.compile(r"\s*(?:\[\d+\]|\(\d+\)|\d+$)")  # footnote marks copied with the name
# A name that ends so goes on with a unit's name: "Văn phòng HĐND và UBND", "Văn phòng UBND tỉnh"
_GOES_ON = ("hdnd", "hoi dong nhan dan", "van phong", "chu tich", "pho chu tich", "thuong truc", "lanh dao")
_STOP_WORDS = frozenset({"va", "cac", "cua", "thuoc", "cho", "ve"})
_ROLE_PREFIX = re.compile(r"^(?:Trách nhiệm|Nhiệm vụ)\s+của\s+", re.IGNORECASE)
_DANGLING = re.compile(r"^và\s+|[\s,]+và$")
_PROSE_TAIL = re.compile(r"\s+(?:với|đối với|về việc|theo)\s.*$")


def _starts_like_a_unit(piece: str) -> bool:
    folded = fold(piece)
    return any(folded == h or folded.startswith(h + " ") for h in _HEADS)


def starts_like_a_unit(text: str) -> bool:
    """Whether a heading or a piece of a cell begins as a unit's name does ("Sở …", "Phòng …", "UBND …")."""
    return _starts_like_a_unit(text)


def is_collective(name: str) -> bool:
    plain = re.sub(r"\bubnd\b", "uy ban nhan dan", fold(name)).replace(",", " ")
    return bool(_COLLECTIVE.search(re.sub(r"\s+", " ", plain).strip(" .:;")))


def split_names(text: str, directory: UnitDirectory | None = None) -> tuple[list[str], bool]:
    """The unit names a cell lists, in order, and whether it also names a collective ("Các sở, ban, ngành")."""
    scanner = Scanner([catalogue.lexicon()] + ([directory.lexicon] if directory is not None else []))
    names: list[str] = []
    collective = False
    text = re.sub(r"\s*\([^()]*\)", "", unicodedata.normalize("NFC", text))  # "(gồm các Sở: …)", "(nếu có)"
    for chunk in _chunks(text):
        chunk = _PROSE_TAIL.sub("", _ROLE_PREFIX.sub("", chunk.strip(" ,.;:"))).strip(" ,.;:")
        chunk = _DANGLING.sub("", chunk)  # "Sở Tài chính và" cut short by a line break
        for name, known in _glue(_segments(chunk, scanner.spans(chunk))):
            name = name if known else _NOISE.sub("", name).strip(" ,.;:-")
            if not name:
                continue
            if not known and is_collective(name):
                collective = True
            else:
                names.append(name)
    return names, collective


def _chunks(text: str) -> list[str]:
    """The cell cut where no name goes on: line breaks, ";", "/", "•", bullets, and sentence ends — a "."
    before a capital, unless it closes an abbreviation ("P. KT", "TP. Hồ Chí Minh")."""
    chunks = []
    for line in _CHUNK.split(text):
        line, start = _BULLET.sub("", line.strip()), 0
        for end in _SENTENCE_END.finditer(line):
            word = re.search(r"(\w*)$", line[:end.start()]).group(1)
            if line[end.end()].isupper() and not dotted_abbreviation(word):
                chunks.append(line[start:end.start()])
                start = end.end()
        chunks.append(line[start:])
    return chunks


def _segments(chunk: str, spans: list[tuple[int, int]]) -> list[tuple[str, str, bool]]:
    """(separator before, text, known) for each known name and each piece of the stretches between them."""
    segments: list[tuple[str, str, bool]] = []
    position = 0
    for start, end in [*spans, (len(chunk), len(chunk))]:
        separator = ""
        for index, part in enumerate(_PIECE.split(chunk[position:start])):
            if index % 2:
                separator = part.strip()
            elif part.strip(" ."):
                segments.append((separator, part.strip(), False))
                separator = ""
        if start < end:
            segments.append((separator, chunk[start:end], True))
        position = end
    return segments


def _glue(segments: list[tuple[str, str, bool]]) -> list[tuple[str, bool]]:
    """Pieces -> names: a piece that does not start like a unit goes on with the name before it, and a name
    after one that ends like "Lãnh đạo" or "Văn phòng" is part of it; a known name is never cut."""
    names: list[tuple[str, bool]] = []
    for separator, text, known in segments:
        if names and separator in ("", ",", "và", "-", "–", "+") and (
                not known and not _starts_like_a_unit(text)
                or not separator and fold(names[-1][0]).endswith(_GOES_ON)):
            joint = {"": " ", ",": ", "}.get(separator, f" {separator} ")
            names[-1] = (f"{names[-1][0]}{joint}{text}", False)
        else:
            names.append((text, known))
    return names


def _known(name: str, directory: UnitDirectory) -> bool:
    try:
        directory.find(name)
    except UnitNotFound:
        return False
    return True


def kind_for(name: str, level: Level) -> UnitKind:
    key = name_key(name)
    return UnitKind.EXTERNAL if _OUTSIDE[level].search(key) else UnitKind.INTERNAL


def unit_code(name: str, taken: set[str]) -> str:
    """A short code made of the initials of the name's words: "Sở Tài chính" -> "stc"; unique among `taken`;
    always what check_code accepts ([a-z0-9], 2–16 characters): a chat link and a file link carry it."""
    parts = []
    for word in re.findall(r"[\w&]+", unicodedata.normalize("NFC", name)):
        folded = re.sub(r"[^a-z0-9]", "", fold(word))
        if not folded or folded in _STOP_WORDS:
            continue
        # an abbreviation keeps all its letters ("KH&CN" -> "khcn"), a word gives its initial
        parts.append(folded if word.isupper() and len(word) > 1 or folded.isdigit() else folded[0])
    raw = "".join(parts)[:8]
    if len(raw) < 2:  # one word ("Sở"): its letters, not one initial
        letters = re.sub(r"[^a-z0-9]", "", fold(name))[:8]
        raw = letters if len(letters) >= 2 else f"{letters}dv"
    code, n = raw, 2
    while code in taken:
        code, n = f"{raw[:7]}{n}", n + 1
    taken.add(code)
    return code


def infer_units(cells: list[str], level: Level, base: tuple[UnitSpec, ...] = ()) -> tuple[UnitSpec, ...]:
    """Every distinct unit the lead and coordinating cells name, after the `base` ones, each with a code."""
    directory = UnitDirectory(base)
    taken = {u.code for u in base}
    spellings: dict[str, list[str]] = {}
    for cell in cells:
        for name in split_names(cell, directory)[0]:
            if _known(name, directory):
                continue
            spellings.setdefault(name_key(name), []).append(name)
    inferred = []
    for names in spellings.values():
        canonical = Counter(names).most_common(1)[0][0]
        aliases = tuple(sorted(set(names) - {canonical}))
        inferred.append(UnitSpec(unit_code(canonical, taken), canonical, kind_for(canonical, level), aliases=aliases))
    return (*base, *inferred)
