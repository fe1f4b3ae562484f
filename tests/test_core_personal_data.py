"""Deputies' ID numbers and phones: shown to whoever handles the deputy, masked for everyone else,
in the form, the list and the exported roster alike (citizens' contacts: test_case_figures)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from toolkit.core.access_rules import DEPT, DEPUTY, STAFF
from toolkit.core.personal_data import mask_id_number
from toolkit.core.principal import Principal
from toolkit.formats.spreadsheets import read_table
from toolkit.network.deputies import read_deputy
from toolkit.network.deputy_search import DeputyFilter, search_deputies
from toolkit.network.models import Deputy
from toolkit.network.roster import export_roster


@pytest.fixture
def two_deputies(demo_db):
    """Two deputies with an ID number and phone, at different stations."""
    with demo_db.reader() as s:
        rows = s.execute(select(Deputy.id, Deputy.station_id, Deputy.id_number, Deputy.phone)
                         .where(Deputy.id_number.is_not(None), Deputy.phone.is_not(None), Deputy.station_id.is_not(None))
                         .order_by(Deputy.station_id, Deputy.id)).all()
    first = rows[0]
    other = next(r for r in rows if r.station_id != first.station_id)
    return first, other


def _views(db, principal, deputy):
    """What this user sees of the deputy: the form, the list row and the exported roster row."""
    viewer = db.acting_as(principal)
    with viewer.reader() as s:
        form = read_deputy(s, deputy.id)
        listed = search_deputies(s, DeputyFilter(ids=[deputy.id]))
        sheet = read_table(export_roster(s, [deputy.id]), "roster.xlsx")
    return form["身份证号"], form["联系电话"], listed.iloc[0]["联系电话"], sheet.rows[0]["身份证号"], sheet.rows[0]["联系电话"]


def test_a_department_sees_every_deputy_masked(demo_db, two_deputies):
    d, _ = two_deputies
    idn, phone, listed, sheet_id, sheet_phone = _views(demo_db, Principal("dept", "某局", DEPT, department_id=1), d)
    assert idn == sheet_id == mask_id_number(d.id_number) and "*" in idn and d.id_number not in idn
    assert phone == listed == sheet_phone and "****" in phone and phone != d.phone


def test_station_staff_see_their_own_deputies_and_not_the_others(demo_db, two_deputies):
    mine, other = two_deputies
    staff = Principal("s", "站员", STAFF, station_id=mine.station_id, stations=frozenset({mine.station_id}))
    assert _views(demo_db, staff, mine) == (mine.id_number, mine.phone, mine.phone, mine.id_number, mine.phone)
    masked = _views(demo_db, staff, other)
    assert other.id_number not in masked and other.phone not in masked


def test_a_deputy_sees_their_own_record_whole(demo_db, two_deputies):
    me, someone = two_deputies
    p = Principal("d", "代表", DEPUTY, deputy_id=me.id)
    assert _views(demo_db, p, me)[0] == me.id_number
    assert _views(demo_db, p, someone)[0] != someone.id_number


def test_the_mask_keeps_the_region_and_the_last_two():
    assert mask_id_number("340702198001011234") == "340702**********34"
    assert mask_id_number(None) == ""
