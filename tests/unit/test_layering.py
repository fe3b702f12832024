"""The floors of the code, enforced: plan_data (the domain) <- storage <- jobs <- bot, and no import cycle.

Every import counts, including those inside functions (a lazy import is still a dependency). The domain
imports nothing of ours above it, no framework and no clock.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
FLOORS = {"plan_data": 0, "storage": 1, "jobs": 2, "bot": 3}
FRAMEWORKS = {"telegram", "sqlalchemy", "apscheduler", "alembic", "httpx", "aiohttp", "pydantic_settings",
              "asyncio", "os", "subprocess", "socket"}
CLOCK_READS = {"now", "today", "utcnow", "time", "monotonic"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def our_modules() -> dict[str, Path]:
    return {module_name(p): p for floor in FLOORS for p in (ROOT / floor).rglob("*.py")
            if "migrations" not in p.parts}


def imports_of(path: Path) -> set[str]:
    """The modules a file imports, ours resolved to the module (not the package) where one is named."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in our_modules() else node.module)
    return found


def edges() -> dict[str, set[str]]:
    modules = our_modules()
    return {name: {m for m in imports_of(path) if m in modules and m != name} for name, path in modules.items()}


def floor_of(module: str) -> int:
    return FLOORS[module.split(".")[0]]


def test_the_layout_is_what_the_readme_draws() -> None:
    packages = {name for name in our_modules() if name.count(".") == 1 and name.startswith("bot.")}
    assert {"bot.core", "bot.channels", "bot.files", "bot.cli"} <= packages


@pytest.mark.parametrize("module", sorted(our_modules()))
def test_imports_point_down_or_level(module: str) -> None:
    upward = sorted(m for m in edges()[module] if floor_of(m) > floor_of(module))
    assert upward == [], f"{module} imports a floor above it: {upward}"


@pytest.mark.parametrize("module", sorted(m for m in our_modules() if m.startswith("plan_data")))
def test_the_domain_imports_no_framework_and_reads_no_clock(module: str) -> None:
    path = our_modules()[module]
    roots = {name.split(".")[0] for name in imports_of(path)}
    assert not roots & FRAMEWORKS, f"{module} imports {sorted(roots & FRAMEWORKS)}"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reads = [f"{node.value.id}.{node.attr}" for node in ast.walk(tree) if isinstance(node, ast.Attribute)
             and isinstance(node.value, ast.Name) and node.value.id in {"date", "datetime", "time"}
             and node.attr in CLOCK_READS]
    assert reads == [], f"{module} reads the clock: {reads}"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def test_no_import_cycle() -> None:
    assert cycles(edges()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The check above can fail: a made-up graph with a cycle is caught, one without is not."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_jobs_never_import_bot() -> None:
    offending = sorted((m, i) for m, targets in edges().items() if m.startswith("jobs")
                       for i in targets if i.startswith("bot"))
    assert offending == []
