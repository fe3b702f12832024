"""Tenants (plan_data.tenants) and the file that declares them (bot.ops.tenants): a bot's public key from its
token, routes, and every problem of a tenants' file named at once, by tenant and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.ops.tenants import TenantsError, read_tenants
from plan_data.tenants import DEFAULT, BotRef, bot_key, in_tenant, route, split_route, tenant_key_ok

SECRETS = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=8, max_size=60)


@given(number=st.integers(min_value=1, max_value=10**12), secret=SECRETS)
def test_a_numbered_token_is_known_by_its_number_and_never_by_its_secret(number: int, secret: str) -> None:
    key = bot_key(f"{number}:{secret}")
    assert key == str(number)


@given(token=SECRETS)
def test_any_other_token_is_known_by_a_short_hash_that_shows_nothing_of_it(token: str) -> None:
    key = bot_key(token)
    if ":" not in token or not token.split(":", 1)[0].isdigit():
        assert key.startswith("h") and len(key) == 13 and token not in key
    assert bot_key(token) == key and len(key) <= 32


@given(platform=st.sampled_from(["telegram", "zalo"]), bot=st.from_regex(r"[0-9a-z]{0,20}", fullmatch=True))
def test_a_route_names_its_platform_and_bot_and_the_deployments_own_bot_keeps_its_old_name(platform, bot) -> None:
    assert split_route(route(platform, bot)) == (platform, bot)
    assert BotRef("t", platform, bot).route == route(platform, bot)
    assert route(platform, DEFAULT) == platform


@pytest.mark.parametrize(("plan", "tenant", "allowed"), [
    ("", "", True), (None, "", True), ("hai-phong", "hai-phong", True), ("hai-phong", "", False),
    ("", "hai-phong", False), ("hai-phong", "ha-noi", False)])
def test_a_plan_is_reached_only_from_its_own_tenant(plan, tenant, allowed) -> None:
    assert in_tenant(plan, tenant) is allowed


@pytest.mark.parametrize(("key", "ok"), [("hai-phong", True), ("hp", True), ("tinh-01", True), ("", False),
                                         ("Hai Phong", False), ("-x", False), ("a" * 33, False), ("hải", False)])
def test_tenant_keys(key: str, ok: bool) -> None:
    assert tenant_key_ok(key) is ok


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tenants.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
[[tenant]]
key = "hai-phong"
name = "Hải Phòng"
provinces = ["Hải Phòng"]
[[tenant.telegram]]
token_env = "HP_TG"
webhook_secret_env = "HP_SECRET"
[[tenant.telegram]]
token = "222:bbb"
[[tenant.zalo]]
token = "333:ccc"
monthly_budget = 2000

[[tenant]]
key = "ha-noi"
[[tenant.telegram]]
token = "444:ddd"
"""


def test_a_good_file_gives_each_tenant_its_bots_with_tokens_from_the_file_or_the_environment(tmp_path) -> None:
    tenants = read_tenants(written(tmp_path, GOOD), {"HP_TG": "111:aaa", "HP_SECRET": "s3cret-s3cret"})
    assert [t.key for t in tenants] == ["hai-phong", "ha-noi"]
    hp = tenants[0]
    assert hp.name == "Hải Phòng" and hp.provinces == ("Hải Phòng",)
    assert [b.ref for b in hp.bots_of("telegram")] == [BotRef("hai-phong", "telegram", "111"),
                                                       BotRef("hai-phong", "telegram", "222")]
    assert hp.bots_of("telegram")[0].webhook_secret.get_secret_value() == "s3cret-s3cret"
    assert hp.bots_of("zalo")[0].monthly_budget == 2000
    assert tenants[1].name == "ha-noi" and [b.ref.route for b in tenants[1].bots] == ["telegram/444"]
    assert "111:aaa" not in repr(tenants)  # a token is a SecretStr: never in a repr, a log, a traceback


@pytest.mark.parametrize(("text", "named"), [
    ('[[tenant]]\nname = "x"', "key «»"),
    ('[[tenant]]\nkey = "Hai Phong"', "key «Hai Phong»"),
    ('[[tenant]]\nkey = "a"\n[[tenant]]\nkey = "a"', "đã dùng cho tenant khác"),
    ('[[tenant]]\nkey = "a"\ncolour = 1', "trường không dùng «colour»"),
    ('[[tenant]]\nkey = "a"\n[[tenant.telegram]]\nwebhook_secret = "abcdefgh"', "thiếu token"),
    ('[[tenant]]\nkey = "a"\n[[tenant.telegram]]\ntoken_env = "NOT_SET_ANYWHERE"', "NOT_SET_ANYWHERE chưa đặt"),
    ('[[tenant]]\nkey = "a"\n[[tenant.telegram]]\ntoken = "1:x"\ntoken_env = "X"', "chỉ một trong token"),
    ('[[tenant]]\nkey = "a"\n[[tenant.telegram]]\ntoken = "1:x"\n[[tenant]]\nkey = "b"\n[[tenant.zalo]]\n'
     'token = "1:x"', "token này đã dùng ở tenant «a»"),
    ('[[tenant]]\nkey = "a"\n[[tenant.telegram]]\ntoken = "1:x"\nmonthly_budget = 5', "chỉ dùng cho Zalo"),
    ('[[tenant]]\nkey = "a"\n[[tenant.zalo]]\ntoken = "1:x"\nmonthly_budget = -5', "số nguyên dương"),
    ('[[tenant]]\nkey = "a"\nprovinces = "Hải Phòng"', "provinces phải là danh sách"),
    ("tenant = 3", "[[tenant]]"),
    ("[[tenant]\nkey=", "TOML"),
    ('[[tenants]]\nkey = "a"', "mục không dùng: tenants"),
])
def test_every_problem_of_a_file_is_named(tmp_path, text: str, named: str) -> None:
    with pytest.raises(TenantsError) as refused:
        read_tenants(written(tmp_path, text), {})
    assert named in str(refused.value)
    assert "1:x" not in str(refused.value)  # a token is never shown, even in a complaint


def test_all_problems_are_named_at_once(tmp_path) -> None:
    text = '[[tenant]]\nkey = "A"\nx = 1\n[[tenant.telegram]]\ntoken_env = "NOPE"'
    with pytest.raises(TenantsError) as refused:
        read_tenants(written(tmp_path, text), {})
    assert len(refused.value.problems) == 3
