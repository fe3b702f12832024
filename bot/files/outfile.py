"""A file a reply carries, as every channel and the command line receive it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutFile:
    """A file the reply carries (a chart, a spreadsheet, a calendar); each channel delivers it its own way."""

    name: str
    data: bytes
    caption: str = ""
    kind: str = "document"  # document | photo
