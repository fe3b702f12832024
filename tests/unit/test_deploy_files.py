"""The container files, checked as far as a machine without a Docker engine can: compose.yaml's structure
(what `docker compose config` would also check, and what it cannot: that the bots wait for the migration,
that replicas sit behind a proxy, that every variable is documented), the Dockerfile's promises (non-root,
pinned, migrations at start), and that requirements.lock pins every dependency of pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_compose_starts_postgres_then_the_migration_then_the_bots() -> None:
    services = _compose()["services"]
    assert {"db", "migrate", "bot"} <= set(services)
    assert services["db"]["image"].startswith("postgres:15")  # the pg_dump in the image is version 15
    assert services["migrate"]["command"] == ["nhacviec", "init"]
    assert services["bot"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["bot"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["bot"]["environment"]["NHACVIEC_SKIP_INIT"] == "1"  # replicas never race to migrate
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert set(_compose()["volumes"]) >= {"pgdata", "files"}
    assert all(s.get("env_file") == ".env" for s in (services["migrate"], services["bot"]))


def test_the_bots_can_be_replicated_behind_the_proxy_and_report_readiness() -> None:
    services = _compose()["services"]
    bot = services["bot"]
    assert bot["deploy"]["replicas"] == "${NHACVIEC_REPLICAS:-1}"
    assert "ports" not in bot  # replicas publish nothing; caddy spreads the webhooks over them
    assert "/readyz" in " ".join(bot["healthcheck"]["test"]) and "8443" in " ".join(bot["healthcheck"]["test"])
    assert bot["environment"]["NHACVIEC_WEBHOOK_PORT"] == bot["environment"]["NHACVIEC_HEALTH_PORT"] == "8443"
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    assert "dynamic a bot 8443" in caddyfile and "handle /telegram" in caddyfile and "handle /zalo" in caddyfile
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in services["caddy"]["volumes"]


def test_every_variable_compose_reads_is_in_env_example() -> None:
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    used = set(re.findall(r"\$\{([A-Z_]+)", text))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))
    assert used and used <= listed, used - listed


def test_the_dockerfile_is_non_root_pinned_and_migrates_at_start() -> None:
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()]
    bases = [line.split()[1] for line in lines if line.startswith("FROM ")]
    assert bases and all(re.fullmatch(r"python:3\.11-slim-\w+", b) for b in bases)  # a tag, never :latest
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    assert any("--requirement requirements.lock" in line for line in lines)
    assert any("--no-deps ." in line for line in lines)
    assert lines[-1] == 'CMD ["nhacviec-start"]' and any("HEALTHCHECK" in line for line in lines)
    start = (ROOT / "deploy" / "docker-start.sh").read_text(encoding="utf-8")
    assert start.index("nhacviec init") < start.index("exec nhacviec run")
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".env", ".venv", ".git", "var"} <= set(ignored)  # no secret, no local database in the image


def test_the_lock_pins_every_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["postgres"]}
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"not pinned: {line}"
            pins[_name(name)] = version
    assert wanted <= set(pins), wanted - set(pins)
