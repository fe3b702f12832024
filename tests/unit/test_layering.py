"""The floors of the code, enforced: plan_data (the domain) <- storage <- jobs <- bot, and inside bot/
files <- core <- ops <- web <- channels <- cli; no import cycle.

Every import counts, including those inside functions (a lazy import is still a dependency). The domain
imports nothing of ours above it, no framework and no clock. Each file is read and parsed once a session: the
graph is built once, and each module's case only looks its own imports up in it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
# The floors, bottom to top: a module imports from its own floor and the floors below, never from one above.
# A module's floor is the longest of these its name starts with. Inside bot/: "bot" itself (bot/__init__.py,
# and any module put directly in bot/) is under every sub-package, as Python imports it before any of them;
# files render the domain's figures; core answers a message (and attaches the files it asks for); ops runs
# the server (settings, logs, the HTTP server, metrics, health, the doctor); web serves the board's pages and
# the calendar feeds; channels carry the core's replies over a platform, on ops' server; cli wires them all.
FLOORS = ("plan_data", "storage", "jobs", "bot", "bot.files", "bot.core", "bot.ops", "bot.web", "bot.channels",
          "bot.cli")
RANK = {floor: rank for rank, floor in enumerate(FLOORS)}
TOP_FLOORS = tuple(floor for floor in FLOORS if "." not in floor)
FRAMEWORKS = {"telegram", "sqlalchemy", "apscheduler", "alembic", "httpx", "aiohttp", "pydantic_settings",
              "asyncio", "os", "subprocess", "socket"}
CLOCK_READS = {"now", "today", "utcnow", "time", "monotonic"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def our_modules() -> dict[str, Path]:
    return {module_name(p): p for floor in TOP_FLOORS for p in (ROOT / floor).rglob("*.py")
            if "migrations" not in p.parts}


@cache
def tree_of(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@cache
def imports_of(path: Path) -> frozenset[str]:
    """The modules a file imports, ours resolved to the module (not the package) where one is named."""
    modules = our_modules()
    found: set[str] = set()
    for node in ast.walk(tree_of(path)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in modules else node.module)
    return frozenset(found)


@cache
def edges() -> Mapping[str, frozenset[str]]:
    modules = our_modules()
    return {name: frozenset(m for m in imports_of(path) if m in modules and m != name)
            for name, path in modules.items()}


def floor_of(module: str) -> str:
    parts = module.split(".")
    return next(".".join(parts[:n]) for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in RANK)


def upward_imports(graph: Mapping[str, Iterable[str]]) -> list[tuple[str, str]]:
    """Every (importer, imported) of the graph where the imported module is on a floor above the importer's."""
    return sorted((module, target) for module, targets in graph.items() for target in targets
                  if RANK[floor_of(target)] > RANK[floor_of(module)])


def described(edge: tuple[str, str]) -> str:
    module, target = edge
    return f"{module} ({floor_of(module)}) imports {target} ({floor_of(target)}), a floor above its own"


def test_the_layout_is_what_the_readme_draws() -> None:
    packages = {name for name in our_modules() if name.count(".") == 1 and name.startswith("bot.")}
    assert {"bot.core", "bot.channels", "bot.files", "bot.cli"} <= packages


def test_every_package_of_bot_is_a_floor() -> None:
    """A new package under bot/ is given its floor here, or its modules would count as bot/'s own, the lowest."""
    packages = {name for name, path in our_modules().items() if name.count(".") == 1 and name.startswith("bot.")
                and path.name == "__init__.py"}
    assert packages == {floor for floor in FLOORS if floor.startswith("bot.")}


@pytest.mark.parametrize("module", sorted(our_modules()))
def test_imports_point_down_or_level(module: str) -> None:
    upward = [described(edge) for edge in upward_imports({module: edges()[module]})]
    assert upward == [], "; ".join(upward)


def test_the_floor_check_finds_an_upward_import() -> None:
    """The check above can fail: in a made-up graph, each import from a floor above is caught, inside bot/ and
    between the four floors, and no import down or level is."""
    graph = {"bot.core.views": {"bot.files.builders", "bot.core.texts", "storage.models", "bot"},
             "bot.files.builders": {"bot.core.texts", "bot.files.names"},
             "bot.ops.doctor": {"bot.channels.zalo_api", "bot.ops.texts", "jobs.quota"},
             "bot.channels.zalo": {"bot.cli.settings", "bot.ops.metrics", "bot.core.service"},
             "bot.cli.run": {"bot.channels.telegram", "bot.ops.health", "bot.files.builders"},
             "bot": {"bot.core"}, "jobs.scheduler": {"bot.core.service", "storage.db"}}
    assert upward_imports(graph) == [("bot", "bot.core"), ("bot.channels.zalo", "bot.cli.settings"),
                                     ("bot.files.builders", "bot.core.texts"), ("bot.ops.doctor", "bot.channels.zalo_api"),
                                     ("jobs.scheduler", "bot.core.service")]
    assert described(("bot.files.builders", "bot.core.texts")) == (
        "bot.files.builders (bot.files) imports bot.core.texts (bot.core), a floor above its own")
    assert upward_imports({"bot.cli.run": {"bot.channels.zalo", "plan_data.status"}}) == []


@pytest.mark.parametrize("module", sorted(m for m in our_modules() if m.startswith("plan_data")))
def test_the_domain_imports_no_framework_and_reads_no_clock(module: str) -> None:
    path = our_modules()[module]
    roots = {name.split(".")[0] for name in imports_of(path)}
    assert not roots & FRAMEWORKS, f"{module} imports {sorted(roots & FRAMEWORKS)}"
    reads = [f"{node.value.id}.{node.attr}" for node in ast.walk(tree_of(path)) if isinstance(node, ast.Attribute)
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


# Inside plan_data: the deadline grammar and the units know nothing of how a plan file is read, and the grammar
# nothing of units; the readers use both. The rules at the top of the package may use the grammar and the
# units (a plan's model holds schedules and units), never the readers, which only the floors above call.
DOMAIN_PARTS_NOT_IMPORTED = {"plan_data.grammar": {"plan_data.units", "plan_data.readers"},
                             "plan_data.units": {"plan_data.readers"}}


def part_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 2 or module in DOMAIN_PARTS_NOT_IMPORTED else "plan_data"


def domain_reaches(graph: Mapping[str, frozenset[str]]) -> list[str]:
    """Imports inside plan_data that reach a part they must not (DOMAIN_PARTS_NOT_IMPORTED), and the rules at
    its top that import a reader."""
    found = []
    for module, imported in sorted(graph.items()):
        if not module.startswith("plan_data"):
            continue
        banned = DOMAIN_PARTS_NOT_IMPORTED.get(part_of(module), set())
        if part_of(module) == "plan_data":
            banned = {"plan_data.readers"}
        found += [f"{module} -> {target}" for target in sorted(imported)
                  if any(target == part or target.startswith(part + ".") for part in banned)]
    return found


def test_the_domain_parts_import_in_one_direction() -> None:
    assert domain_reaches(edges()) == []


def test_the_domain_parts_rule_sees_a_wrong_import() -> None:
    made_up = {"plan_data.units.codes": frozenset({"plan_data.readers.identity"}),
               "plan_data.grammar.rules": frozenset({"plan_data.units.spec", "plan_data.grammar.parts"}),
               "plan_data.model": frozenset({"plan_data.grammar.frame", "plan_data.readers.importer"}),
               "plan_data.readers.tasks": frozenset({"plan_data.units.cells", "plan_data.grammar.frame"})}
    assert domain_reaches(made_up) == ["plan_data.grammar.rules -> plan_data.units.spec",
                                       "plan_data.model -> plan_data.readers.importer",
                                       "plan_data.units.codes -> plan_data.readers.identity"]
