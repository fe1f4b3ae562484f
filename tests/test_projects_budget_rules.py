"""The analysts' budget rules on four real Warsaw votes, against pabutools' reference outcomes."""
from pathlib import Path

import pytest

from toolkit.formats.pabulib import parse_pb, read_pb, write_pb
from toolkit.projects.budget_rules import equal_shares, equal_shares_completed, greedy

# shared/ sits beside the checkout, here and in CI.
DATA = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "pabulib"

# From shared/testdata/pabulib/EXPECTED.md (computed with pabutools 1.2.3).
CASES = [
    ("poland_warszawa_2017_sadul.pb", {"1547", "1549"}, {"1549", "2290"}, {"1549", "2290"}),
    ("poland_warszawa_2017_przyczolek-grochowski.pb", {"1772", "1774"}, {"1772", "2388"}, {"1772", "2388"}),
    ("poland_warszawa_2019_obszar-iii-powsin-kepa-latoszkowa-zamosc-latoszki.pb",
     {"165", "1873", "38", "90"}, {"1873", "37", "38", "90"}, {"1873", "37", "38", "90"}),
    ("poland_warszawa_2017_plac-wojska-polskiego.pb", {"1623", "2567", "427", "915"}, {"1623", "427", "915"},
     {"1623", "2567", "427", "915"}),
]
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="shared/testdata not beside the checkout")


@pytest.mark.parametrize("name, want_greedy, want_mes, want_completed", CASES)
def test_reference_outcomes(name, want_greedy, want_mes, want_completed):
    inst = read_pb(DATA / name)
    assert set(greedy(inst)) == want_greedy
    assert set(equal_shares(inst)) == want_mes
    assert set(equal_shares_completed(inst)) == want_completed


def test_greedy_agrees_with_the_files_own_selection():
    for name, *_ in CASES:
        inst = read_pb(DATA / name)
        assert set(greedy(inst)) == {p for p, row in inst.projects.items() if row.get("selected") == "1"}


def test_written_pb_reads_back_the_same():
    inst = read_pb(DATA / CASES[0][0])
    again = parse_pb(write_pb(inst))
    assert again.budget == inst.budget and again.votes == inst.votes
    assert {p: again.cost(p) for p in again.projects} == {p: inst.cost(p) for p in inst.projects}
