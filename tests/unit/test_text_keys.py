"""Every sentence the code asks a texts module for exists there: a missing name is an AttributeError only when
that branch runs (the city's «quá hạn» with nothing overdue crashed so), so the source is read instead.

An AST walk over every floor finds each `texts.NAME` (under whatever alias a texts module was imported as)
and each `from … texts import NAME`, and checks the name against the module. A local variable that shadows
the alias (a loop's `t`) is left alone in its own scope."""

from __future__ import annotations

import ast
import importlib
import string
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOORS = ("bot", "jobs", "storage", "plan_data")
SOURCES = sorted(p for floor in FLOORS for p in (ROOT / floor).rglob("*.py") if "migrations" not in p.parts)
TEXTS_MODULES = ("bot.core.texts", "bot.files.texts", "bot.cli.texts", "bot.ops.texts", "jobs.texts")


def _texts_aliases(tree: ast.Module) -> dict[str, str]:
    """Local name -> texts module, from every import in the file (module level or inside a function)."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for name in node.names:
                if f"{node.module}.{name.name}" in TEXTS_MODULES:
                    aliases[name.asname or name.name] = f"{node.module}.{name.name}"
        elif isinstance(node, ast.Import):
            aliases.update({name.asname: name.name for name in node.names if name.name in TEXTS_MODULES
                            and name.asname})
    return aliases


def _bound_in(scope: ast.AST) -> set[str]:
    """Names a function, lambda or comprehension binds itself (arguments, assignments, loop targets)."""
    bound: set[str] = set()
    if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        bound |= {a.arg for a in ast.walk(scope.args) if isinstance(a, ast.arg)}
        body = scope.body if isinstance(scope.body, list) else [scope.body]
    else:  # a comprehension: its targets
        body = [g.target for g in scope.generators]
    for statement in body:
        bound |= {n.id for n in _own_nodes(statement) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return bound


def _own_nodes(node: ast.AST):
    """The nodes of one scope: a nested function or comprehension binds its names for itself."""
    yield node
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, SCOPES):
            yield from _own_nodes(child)


SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
          ast.GeneratorExp)


def text_uses(path: Path) -> list[tuple[int, str, str]]:
    """(line, texts module, name) for every texts attribute the file reads or imports by name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = _texts_aliases(tree)
    uses = [(node.lineno, f"{node.module}", name.name) for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module in TEXTS_MODULES for name in node.names]

    def visit(node: ast.AST, shadowed: frozenset[str]) -> None:
        if isinstance(node, SCOPES):
            shadowed = shadowed | (_bound_in(node) - {n for n in aliases if _imports_here(node, n)})
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                and node.value.id not in shadowed):
            uses.append((node.lineno, aliases[node.value.id], node.attr))
        for child in ast.iter_child_nodes(node):
            visit(child, shadowed)

    visit(tree, frozenset())
    return uses


def _imports_here(scope: ast.AST, name: str) -> bool:
    """A function that imports a texts module itself binds the alias to it, not to a local value."""
    return any(isinstance(n, ast.ImportFrom) and any((a.asname or a.name) == name for a in n.names)
               for n in ast.walk(scope))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_text_a_module_reads_exists(path: Path) -> None:
    missing = [f"{path.relative_to(ROOT)}:{line}: {module}.{name}" for line, module, name in text_uses(path)
               if not hasattr(importlib.import_module(module), name)]
    assert missing == []


def test_the_walk_sees_the_texts_it_must() -> None:
    """The walk itself: it finds the city's sentences, and a loop's `t` is not taken for the texts module."""
    found = {(module, name) for _, module, name in text_uses(ROOT / "bot" / "core" / "city.py")}
    assert ("bot.core.texts", "CITY_OVERDUE_HEADER") in found and ("bot.core.texts", "CITY_HELP") in found
    doctor = {name for _, _, name in text_uses(ROOT / "bot" / "ops" / "doctor.py")}
    assert {"DB_OK", "CHATS_NONE_FIX"} <= doctor


def test_a_missing_name_is_found_and_a_shadowing_loop_variable_is_not(tmp_path: Path) -> None:
    source = tmp_path / "view.py"
    source.write_text("from bot.ops import texts as t\n\n\ndef view(rows):\n"
                      "    heads = [t.number for t in rows]\n    return t.NO_SUCH_SENTENCE, heads\n", encoding="utf-8")
    assert [(module, name) for _, module, name in text_uses(source)] == [("bot.ops.texts", "NO_SUCH_SENTENCE")]


def _raised_reasons() -> list[tuple[str, int, str, set[str]]]:
    """(file, line, reason, detail names) of every `BackupError("reason", [problems], name=…)` under storage/."""
    found = []
    for path in (ROOT / "storage").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "BackupError"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                details = {k.arg for k in node.keywords if k.arg} | ({"problems"} if len(node.args) > 1 else set())
                found.append((path.name, node.lineno, node.args[0].value, details))
    return found


def test_every_backup_refusal_has_its_sentence_with_every_detail() -> None:
    from bot.ops.texts import BACKUP_ERRORS

    raised = _raised_reasons()
    assert len(raised) >= 5
    for file, line, reason, details in raised:
        assert reason in BACKUP_ERRORS, f"{file}:{line}: {reason}"
        fields = {f for _, f, _, _ in string.Formatter().parse(BACKUP_ERRORS[reason]) if f}
        assert fields <= details, f"{file}:{line}: {reason} lacks {fields - details}"
