"""python bench/stub_heavy.py: imports the product as `nhacviec run` does, with matplotlib, numpy, openpyxl
and alembic replaced by empty stand-ins, and prints the seconds it took.

Why: the chart, the spreadsheet and the migrations are needed only by "tổng hợp", "báo cáo" and
`nhacviec init`, yet they are imported at start-up. This measures what start-up time and memory would be
if they were imported where they are used; the stand-ins are never called beyond module level.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import time
import types
from pathlib import Path

HEAVY = ("matplotlib", "numpy", "openpyxl", "alembic")


class _Stub(types.ModuleType):
    __path__: list[str] = []  # a package, so that `from matplotlib.figure import Figure` resolves too

    def __getattr__(self, name: str) -> type:
        if name.startswith("__"):
            raise AttributeError(name)
        return type(name, (), {"__init__": lambda self, *args, **kwargs: None})


class _StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in HEAVY:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        return _Stub(spec.name)

    def exec_module(self, module) -> None:
        return None


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.meta_path.insert(0, _StubFinder())
    started = time.perf_counter()
    import bot.channels.telegram  # noqa: F401
    import bot.cli.main  # noqa: F401 - importing is what is measured

    print(time.perf_counter() - started)
