"""The board's templates (bot/web/templates, Jinja2, every value escaped) and its one stylesheet."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

HERE = Path(__file__).parent
STATIC = HERE / "static"
STYLESHEET = "board.css"


@cache
def environment() -> Environment:
    # autoescape on for every template: a task's content, a unit's name and a reason are typed by people
    return Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def render(template: str, **values: Any) -> str:
    return environment().get_template(template).render(**values)
