"""`nhacviec tenant list | assign`, `plan import --tenant` and `invite` as an operator runs them (issue 28): the
tenants of NHACVIEC_TENANTS_FILE beside the database's, a bot shown by its key and never its token."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import texts
from plan_data.readers.importer import BUNDLED_PLAN

TOKEN_A, TOKEN_B = "111111:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "222222:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
TENANTS = f"""
[[tenant]]
key = "hai-phong"
name = "Hải Phòng"

[[tenant.telegram]]
token = "{TOKEN_A}"
webhook_secret = "secret-of-hai-phong-0123456789"

[[tenant]]
key = "ha-noi"
name = "Hà Nội"

[[tenant.telegram]]
token = "{TOKEN_B}"
webhook_secret = "secret-of-ha-noi-0123456789"
"""


@pytest.mark.parametrize("cli_database", ["sqlite"], indirect=True)
def test_an_operator_moves_a_plan_to_a_tenant_and_is_told_what_to_link_again(run, tmp_path: Path) -> None:
    run("init")
    (tmp_path / "tenants.toml").write_text(TENANTS, encoding="utf-8")
    (tmp_path / "tenants.toml").chmod(0o600)
    (tmp_path / ".env").write_text("NHACVIEC_TENANTS_FILE=tenants.toml\n", encoding="utf-8")
    run("run", "--console", "--as", "hcc", stdin="việc\n")  # the console's chat: bound through no tenant's bot
    listed = run("tenant", "list").stdout
    assert "hai-phong — Hải Phòng: 0 kế hoạch, 0 nhóm đã liên kết; bot telegram 111111" in listed
    assert "Triển khai chung: 1 kế hoạch, 1 nhóm" in listed and "AAAA" not in listed
    unknown = run("tenant", "assign", "hp", "--commune", "Nam An Phụ", check=False)
    assert unknown.returncode == 2 and "«hp»" in unknown.stderr and "hai-phong, ha-noi" in unknown.stderr
    moved = run("tenant", "assign", "hai-phong", "--commune", "Nam An Phụ").stdout
    assert "Đã chuyển 1 kế hoạch sang Hải Phòng" in moved and "1 nhóm đã liên kết qua bot khác" in moved
    assert "bot telegram 111111 của Hải Phòng" in run("invite", "kt", "--commune", "Nam An Phụ").stdout
    console = run("run", "--console", "--as", "hcc", stdin="việc\n").stdout  # the operator's, in the plan's tenant
    assert texts.OTHER_TENANT not in console and "KH-hcc" in console
    run("plan", "import", str(BUNDLED_PLAN), "--commune", "Đông Anh", "--tenant", "ha-noi", "--no-backup")
    listed = run("tenant", "list").stdout
    # the console's chat, stopped by the move, was bound again by the operator's console in the plan's tenant
    assert "ha-noi — Hà Nội: 1 kế hoạch, 0 nhóm" in listed and "hai-phong — Hải Phòng: 1 kế hoạch, 1 nhóm" in listed
    refused = run("plan", "import", str(BUNDLED_PLAN), "--commune", "Xã Khác", "--tenant", "hn", check=False)
    assert refused.returncode == 2 and "«hn»" in refused.stderr
    assert "Triển khai chung" not in run("tenant", "list").stdout  # nothing was imported: no plan of no tenant
