"""The order the day's rows are written in (issue 28's national morning): the tenants' plans dealt evenly over
the list (jobs.planning.spread), and a group's rows dealt plan by plan (jobs.rows.interleaved)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.planning import spread
from jobs.rows import interleaved

# plans as (id, tenant): a few tenants, "" the deployment's own, of very different sizes
plans_of_tenants = st.lists(st.sampled_from(["", "hai-phong", "ha-noi", "ca-mau"]), min_size=1, max_size=60).map(
    lambda tenants: [(plan_id, tenant) for plan_id, tenant in enumerate(tenants, start=1)])


@settings(max_examples=40)
@given(plans_of_tenants)
def test_spread_keeps_every_plan_and_each_tenants_order(plans) -> None:
    order = spread(plans)
    assert sorted(order) == [plan_id for plan_id, _ in plans]
    for tenant in {tenant for _, tenant in plans}:
        own = [plan_id for plan_id, t in plans if t == tenant]
        assert [plan_id for plan_id in order if plan_id in own] == own


@settings(max_examples=40)
@given(plans_of_tenants)
def test_in_spread_order_no_tenant_runs_ahead_of_its_share(plans) -> None:
    """After any first k plans of the list, each tenant has had its share of k, give or take one plan."""
    order, tenant_of = spread(plans), dict(plans)
    sizes = {tenant: sum(1 for _, t in plans if t == tenant) for tenant in tenant_of.values()}
    seen = dict.fromkeys(sizes, 0)
    for k, plan_id in enumerate(order, start=1):
        seen[tenant_of[plan_id]] += 1
        for tenant, size in sizes.items():
            assert abs(seen[tenant] - k * size / len(plans)) <= 1 + 1e-9 * k


def test_a_small_province_is_not_left_for_after_a_large_one() -> None:
    order = spread([(i, "large") for i in range(1, 31)] + [(31, "small"), (32, "small")])
    assert order.index(31) < 15 and order.index(32) < len(order) - 1


def test_one_tenant_is_by_id_as_before() -> None:
    assert spread([(3, ""), (1, ""), (2, "")]) == [1, 2, 3]


@given(st.lists(st.integers(min_value=0, max_value=5), max_size=8))
def test_interleaved_deals_the_plans_rows_in_turn(lengths) -> None:
    rows = [[{"plan": p, "n": n} for n in range(length)] for p, length in enumerate(lengths)]
    dealt = interleaved(rows)
    assert sorted(dealt, key=lambda r: (r["plan"], r["n"])) == [row for plan in rows for row in plan]
    assert [(r["n"]) for r in dealt] == sorted(r["n"] for r in dealt)  # round by round
    for plan in range(len(lengths)):
        assert [r["n"] for r in dealt if r["plan"] == plan] == list(range(lengths[plan]))
