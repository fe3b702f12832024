"""`make install` (scripts/install.sh, as the Makefile runs it on a fresh clone) says nothing: no block of
setuptools warnings before `make run` starts the bot, and the venv imports the clone itself (an editable
install). Needs the package index, as `make` does: the build backend is fetched for the build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_editable_install_is_quiet_and_imports_the_clone(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    done = subprocess.run(["bash", str(ROOT / "scripts" / "install.sh"), str(venv), "--no-deps"],
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHON": sys.executable})
    assert done.returncode == 0, done.stderr
    for noise in ("BuildBackendWarning", "SetuptoolsDeprecationWarning", "Editable install", "warning", "*" * 20):
        assert noise.lower() not in (done.stdout + done.stderr).lower(), done.stdout + done.stderr
    found = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import bot, plan_data, storage, jobs; print(bot.__file__)"],
                           capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert found.stdout.strip() == str(ROOT / "bot" / "__init__.py"), found.stderr
    # the venv has its own pip, for a package added by hand (the README's PostgreSQL driver)
    assert (venv / "bin" / "pip").exists()
