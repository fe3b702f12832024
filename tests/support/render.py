"""Render an office file as a person would print it: LibreOffice (headless) to PDF, pdftoppm to PNG pages.

Used by tests/integration/test_rendered_pages.py and by `python -m tests.support.render FILE…`, which
writes the pages next to a temporary folder and prints their paths, to look at them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_pages(source: Path, out_dir: Path, dpi: int = 60) -> list[Path]:
    """The file's printed pages as PNG files, in order."""
    return render_all([source], out_dir, dpi)[source]


def render_all(sources: list[Path], out_dir: Path, dpi: int = 60) -> dict[Path, list[Path]]:
    """Each file's printed pages as PNG files, in order: one LibreOffice process converts them all (its
    start is most of the time). It gets a profile of its own, so that a desktop session or another test run
    does not lock it."""
    office = soffice()
    if office is None or shutil.which("pdftoppm") is None:
        raise RuntimeError("LibreOffice (soffice) and poppler-utils (pdftoppm) are needed to render pages")
    out_dir.mkdir(parents=True, exist_ok=True)
    # a report's .docx and .xlsx share a name: each is converted under a name of its own
    staged = {source: out_dir / f"{n}-{source.stem}{source.suffix}" for n, source in enumerate(sources, 1)}
    for source, copy in staged.items():
        shutil.copyfile(source, copy)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), *map(str, staged.values())], check=True, capture_output=True,
                       timeout=240)
    pages = {}
    for source, copy in staged.items():
        prefix = out_dir / copy.stem
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(out_dir / f"{copy.stem}.pdf"), str(prefix)],
                       check=True, timeout=240)
        pages[source] = sorted(out_dir.glob(f"{copy.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return pages


if __name__ == "__main__":
    for name in sys.argv[1:]:
        source = Path(name)
        target = Path(tempfile.mkdtemp(prefix="pages-")) / source.suffix.lstrip(".")
        for page in render_pages(source, target, dpi=80):
            print(page)
