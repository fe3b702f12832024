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
    """The file's printed pages as PNG files, in order. LibreOffice gets a profile of its own, so that a
    desktop session or another test run does not lock it."""
    office = soffice()
    if office is None or shutil.which("pdftoppm") is None:
        raise RuntimeError("LibreOffice (soffice) and poppler-utils (pdftoppm) are needed to render pages")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(source)], check=True, capture_output=True, timeout=240)
    pdf = out_dir / f"{source.stem}.pdf"
    prefix = out_dir / source.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True, timeout=240)
    return sorted(out_dir.glob(f"{source.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


if __name__ == "__main__":
    for name in sys.argv[1:]:
        source = Path(name)
        target = Path(tempfile.mkdtemp(prefix="pages-")) / source.suffix.lstrip(".")
        for page in render_pages(source, target, dpi=80):
            print(page)
