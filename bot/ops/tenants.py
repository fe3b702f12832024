"""The tenants a deployment serves beside its own (plan_data.tenants), read once at the entry point from the
file NHACVIEC_TENANTS_FILE names: a TOML file, one [[tenant]] table each, with its bots per channel.

    [[tenant]]
    key = "hai-phong"                 # a-z, 0-9, "-": what `nhacviec tenant` and the database call it
    name = "Hải Phòng"
    provinces = ["Hải Phòng"]         # plans of these provinces join it on `nhacviec tenant assign`

    [[tenant.telegram]]
    token_env = "HP_TELEGRAM_TOKEN"   # the token from the environment (or .env) …
    webhook_secret_env = "HP_TELEGRAM_SECRET"

    [[tenant.zalo]]
    token = "123:abc"                 # … or in the file itself, which is then a secrets file (0600)
    monthly_budget = 3000

A token is never written to the database, a log or a page: the database knows a bot by its key
(plan_data.tenants.bot_key). Every problem of the file is named at once, by tenant and field.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from plan_data.tenants import DEFAULT, BotRef, bot_key, tenant_key_ok

CHANNELS = ("telegram", "zalo")
_TENANT_FIELDS = {"key", "name", "provinces", *CHANNELS}
_BOT_FIELDS = {"token", "token_env", "webhook_secret", "webhook_secret_env", "monthly_budget"}


@dataclass(frozen=True)
class TenantBot:
    """One bot of a tenant: its name in the database (ref), its token and webhook secret (never shown)."""

    ref: BotRef
    token: SecretStr
    webhook_secret: SecretStr | None = None
    monthly_budget: int | None = None  # Zalo: the bot's messages a month (else ZALO_MONTHLY_BUDGET)


@dataclass(frozen=True)
class Tenant:
    key: str
    name: str
    provinces: tuple[str, ...] = ()
    bots: tuple[TenantBot, ...] = ()

    def bots_of(self, platform: str) -> list[TenantBot]:
        return [bot for bot in self.bots if bot.ref.platform == platform]


class TenantsError(ValueError):
    """The tenants' file cannot be used: every problem, one a line."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__(f"Tệp tenant {path}:\n" + "\n".join(f"- {problem}" for problem in problems))
        self.problems = problems


def read_tenants(path: Path, environ: Mapping[str, str] | None = None) -> list[Tenant]:
    """The tenants of the file, or TenantsError naming every problem (no key, a key used twice, a token missing
    or shared by two bots, a field unknown)."""
    environ = os.environ if environ is None else environ
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as problem:
        raise TenantsError(path, [f"không đọc được tệp: {problem}"]) from None
    except tomllib.TOMLDecodeError as problem:
        raise TenantsError(path, [f"không phải TOML hợp lệ: {problem}"]) from None
    problems: list[str] = []
    unknown = set(data) - {"tenant"}
    if unknown:
        problems.append(f"mục không dùng: {', '.join(sorted(unknown))} (chỉ có [[tenant]])")
    tables = data.get("tenant", [])
    if not isinstance(tables, list):
        raise TenantsError(path, problems + ["«tenant» phải là các bảng [[tenant]]"])
    tenants: list[Tenant] = []
    keys: set[str] = set()
    tokens: dict[str, str] = {}
    for index, table in enumerate(tables, 1):
        where = f"tenant thứ {index}"
        if not isinstance(table, dict):
            problems.append(f"{where}: phải là một bảng [[tenant]]")
            continue
        key = str(table.get("key", "")).strip()
        if not tenant_key_ok(key):
            problems.append(f"{where}: key «{key}» phải gồm a-z, 0-9, «-», tối đa 32 ký tự")
        elif key in keys:
            problems.append(f"{where}: key «{key}» đã dùng cho tenant khác")
        keys.add(key)
        where = f"tenant «{key or index}»"
        for field in sorted(set(table) - _TENANT_FIELDS):
            problems.append(f"{where}: trường không dùng «{field}»")
        provinces = table.get("provinces", [])
        if not isinstance(provinces, list) or not all(isinstance(p, str) and p.strip() for p in provinces):
            problems.append(f"{where}: provinces phải là danh sách tên tỉnh")
            provinces = []
        bots: list[TenantBot] = []
        for platform in CHANNELS:
            entries = table.get(platform, [])
            if isinstance(entries, dict):
                entries = [entries]
            if not isinstance(entries, list):
                problems.append(f"{where}: {platform} phải là các bảng [[tenant.{platform}]]")
                continue
            for number, entry in enumerate(entries, 1):
                bot = _bot(entry, key, platform, f"{where}, {platform} thứ {number}", environ, problems)
                if bot is None:
                    continue
                secret = bot.token.get_secret_value()
                if secret in tokens:
                    problems.append(f"{where}, {platform} thứ {number}: token này đã dùng ở {tokens[secret]}")
                    continue
                tokens[secret] = f"{where}, {platform} thứ {number}"
                bots.append(bot)
        tenants.append(Tenant(key, str(table.get("name", "")).strip() or key, tuple(p.strip() for p in provinces),
                              tuple(bots)))
    if problems:
        raise TenantsError(path, problems)
    return tenants


def _bot(entry: object, tenant: str, platform: str, where: str, environ: Mapping[str, str],
         problems: list[str]) -> TenantBot | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: phải là một bảng")
        return None
    for field in sorted(set(entry) - _BOT_FIELDS):
        problems.append(f"{where}: trường không dùng «{field}»")
    token = _value(entry, "token", where, environ, problems)
    secret = _value(entry, "webhook_secret", where, environ, problems)
    budget = entry.get("monthly_budget")
    if budget is not None and (not isinstance(budget, int) or isinstance(budget, bool) or budget <= 0):
        problems.append(f"{where}: monthly_budget phải là số nguyên dương")
        budget = None
    if budget is not None and platform != "zalo":
        problems.append(f"{where}: monthly_budget chỉ dùng cho Zalo")
    if not token:
        if "token" not in entry and "token_env" not in entry:
            problems.append(f"{where}: thiếu token (token_env = \"TÊN_BIẾN\" hoặc token = \"…\")")
        return None
    return TenantBot(BotRef(tenant or DEFAULT, platform, bot_key(token)), SecretStr(token),
                     SecretStr(secret) if secret else None, budget)


def _value(entry: dict, name: str, where: str, environ: Mapping[str, str], problems: list[str]) -> str:
    """A secret given in the file (`name`) or by the variable that holds it (`name`_env)."""
    if name in entry and f"{name}_env" in entry:
        problems.append(f"{where}: chỉ một trong {name} và {name}_env")
        return ""
    if f"{name}_env" in entry:
        variable = str(entry[f"{name}_env"])
        value = environ.get(variable, "").strip()
        if not value:
            problems.append(f"{where}: biến môi trường {variable} chưa đặt")
        return value
    value = entry.get(name, "")
    if not isinstance(value, str):
        problems.append(f"{where}: {name} phải là chuỗi")
        return ""
    return value.strip()
