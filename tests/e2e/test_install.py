"""`make install` (`pip install --quiet -e .`, as the Makefile runs it on a fresh clone) says nothing: no
block of setuptools warnings before `make run` starts the bot. Needs the package index, as `make` does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_editable_install_is_quiet_and_imports_the_clone(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    # as the Makefile does: a recent pip shows what the build backend warns, which pip 23 kept to itself
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True, timeout=600,
                   capture_output=True)
    done = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    for noise in ("BuildBackendWarning", "SetuptoolsDeprecationWarning", "Editable install", "*" * 20):
        assert noise not in done.stdout + done.stderr, done.stderr
    found = subprocess.run([str(python), "-c", "import bot, plan_data, storage, jobs; print(bot.__file__)"],
                           capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert found.stdout.strip() == str(ROOT / "bot" / "__init__.py"), found.stderr
