"""The scope object: one rule for "may this user see or touch this record", as SQL (`where`) and
in Python (`covers`). Both spellings must agree for every role, on every case of a small world."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from toolkit.cases.models import Case
from toolkit.cases.queries import handles_personal_data, within_scope
from toolkit.core.principal import PRINCIPAL
from toolkit.core.scope import Scope
from toolkit.network.models import Deputy

from .factories.access import principals

EXPECTED_CASES = {   # how many of the world's five cases each principal's scope reaches
    "city": 5, "county_yian": 5, "staff_wusong": 5, "county_tongguan": 0, "staff_tianjinghu": 0,
    "dept_d1": 2, "dept_d2": 0, "deputy_w": 0, "deputy_t": 0, "public": 0,
}


@pytest.mark.parametrize("who", sorted(EXPECTED_CASES))
def test_where_and_covers_agree_on_every_case(session, world, who):  # noqa: F811
    p = principals(world)[who]
    scope = Scope.of(p)
    ours = [world[k] for k in ("case_registered", "case_assigned", "case_collected", "case_accepted", "case_answered")]
    in_sql = set(session.scalars(select(Case.id).where(Case.id.in_(ours), scope.where(
        station=Case.station_id, department=Case.department_id, deputy=Case.deputy_id))))
    in_python = {c.id for c in session.scalars(select(Case).where(Case.id.in_(ours)))
                 if scope.covers(station_id=c.station_id, department_id=c.department_id, deputy_id=c.deputy_id)}
    assert in_sql == in_python
    assert len(in_sql) == EXPECTED_CASES[who]
    session.info[PRINCIPAL] = p           # the case list and the case page ask the same scope
    try:
        listed = set(session.scalars(within_scope(select(Case.id).where(Case.id.in_(ours)), session)))
        handled = {c.id for c in session.scalars(select(Case).where(Case.id.in_(ours))) if handles_personal_data(session, c)}
    finally:
        session.info.pop(PRINCIPAL, None)
    assert listed == handled == in_sql


@pytest.mark.parametrize("who", ["city", "county_yian", "staff_wusong", "staff_tianjinghu", "dept_d1", "deputy_w", "public"])
def test_a_record_without_the_scopes_column_is_outside_it(session, world, who):  # noqa: F811
    """Deputies have a station and are deputies, but no department: a department's scope reaches none."""
    scope = Scope.of(principals(world)[who])
    reached = set(session.scalars(select(Deputy.id).where(scope.where(station=Deputy.station_id, deputy=Deputy.id))))
    mine = {world["dep_w"], world["dep_t"]}
    expected = {"city": mine, "county_yian": {world["dep_w"]}, "staff_wusong": {world["dep_w"]},
                "staff_tianjinghu": {world["dep_t"]}, "dept_d1": set(), "deputy_w": {world["dep_w"]}, "public": set()}[who]
    assert reached & mine == expected


def test_trusted_code_reaches_everything():
    assert Scope.of(None).everything and Scope.of(None).covers(station_id=None)
    assert not Scope().covers(station_id=1, department_id=1, deputy_id=1)
