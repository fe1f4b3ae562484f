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
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="shared/testdata not beside the checkout")


@needs_data
@pytest.mark.parametrize("name, want_greedy, want_mes, want_completed", CASES)
def test_reference_outcomes(name, want_greedy, want_mes, want_completed):
    inst = read_pb(DATA / name)
    assert set(greedy(inst)) == want_greedy
    assert set(equal_shares(inst)) == want_mes
    assert set(equal_shares_completed(inst)) == want_completed


@needs_data
def test_greedy_agrees_with_the_files_own_selection():
    for name, *_ in CASES:
        inst = read_pb(DATA / name)
        assert set(greedy(inst)) == {p for p, row in inst.projects.items() if row.get("selected") == "1"}


@needs_data
def test_written_pb_reads_back_the_same():
    inst = read_pb(DATA / CASES[0][0])
    again = parse_pb(write_pb(inst))
    assert again.budget == inst.budget and again.votes == inst.votes
    assert {p: again.cost(p) for p in again.projects} == {p: inst.cost(p) for p in inst.projects}


def _inst(budget: str, costs: dict[str, str], votes: list[str]):
    """An instance, checked first against pabutools: each case below asserts what the reference gives."""
    from toolkit.formats.pabulib import Instance

    from .test_projects_budget_reference import reference
    inst = Instance(meta={"budget": budget}, projects={p: {"project_id": p, "cost": c} for p, c in costs.items()},
                    votes=[[p for p in v.split(",") if p] for v in votes])
    MADE.append((inst, reference(inst)))
    return inst


MADE: list = []


@pytest.fixture(autouse=True)
def _agrees_with_the_reference():
    """Whatever a case asserted, our three outcomes are also the reference's."""
    MADE.clear()
    yield
    for inst, theirs in MADE:
        assert (set(greedy(inst)), set(equal_shares(inst)), set(equal_shares_completed(inst))) == theirs


# The nine cases of issue 19, each with the outcome pabutools 1.2.3 gives (tests/test_projects_budget_reference.py
# checks the same agreement on generated instances).
def test_1_an_exact_tie_in_mes_is_broken_by_the_rule_not_by_float_noise():
    inst = _inst("20", {"a": "20", "b": "3"}, ["a,b"] * 20)
    assert equal_shares(inst) == ["a"]            # ρ is exactly 1/20 for both: more approvals (equal), then id


def test_2_mes_affordability_is_exact():
    inst = _inst("10000001", {"x": "10000001"}, ["x"] * 49)
    assert equal_shares(inst) == ["x"] and equal_shares_completed(inst) == ["x"]


def test_3_greedy_keeps_an_exact_running_total():
    inst = _inst("0.3", {"a": "0.1", "b": "0.2"}, ["a", "a", "a,b"])
    assert greedy(inst) == ["a", "b"]


def test_4_completion_compares_the_exact_total_with_the_budget():
    inst = _inst("0.3", {"a": "0.1", "b": "0.2"}, ["a", "a", "b"])
    assert set(equal_shares_completed(inst)) == {"a", "b"}


def test_5_completion_stops_at_the_first_exhaustive_outcome():
    inst = _inst("69", {"a": "50", "b": "42"}, ["a", "a,b", "b"])
    assert equal_shares_completed(inst) == ["b"]


def test_6_completion_does_not_skip_a_step_where_the_outcome_overspends():
    inst = _inst("78", {"a": "23", "b": "58", "c": "48"}, ["a,c", "a,b,c", "b"])
    assert equal_shares_completed(inst) == ["a"]


def test_7_completion_ends_when_only_an_unapproved_project_would_still_fit():
    inst = _inst("100", {"a": "10", "z": "5"}, ["a", "a", "a"])
    assert equal_shares_completed(inst) == ["a"] and greedy(inst) == ["a", "z"]


def test_8_a_free_project_is_no_division_by_zero():
    inst = _inst("10", {"free": "0", "a": "10"}, ["free,a", "free"])
    # The free project is worth nothing under cost satisfaction; "a" needs the completion.
    assert equal_shares(inst) == [] and equal_shares_completed(inst) == ["a"] and set(greedy(inst)) == {"free", "a"}


def test_9_a_file_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "excel.pb"
    path.write_bytes("\ufeffMETA\r\nkey;value\r\nbudget;100\r\nPROJECTS\r\nproject_id;cost\r\n1;60\r\n2;50\r\n"
                     "VOTES\r\nvoter_id;vote\r\n1;1,2\r\n2;2\r\n".encode("utf-8"))
    inst = read_pb(path)
    assert inst.budget == 100 and inst.votes == [["1", "2"], ["2"]] and greedy(inst) == ["2"]


def test_bad_files_are_refused_in_chinese():
    from toolkit.core.errors import ToolkitError
    with pytest.raises(ToolkitError, match="没有 budget"):
        parse_pb("META\nkey;value\nPROJECTS\nproject_id;cost\n1;5\n").budget
    with pytest.raises(ToolkitError, match="不存在的项目：9"):
        parse_pb("META\nkey;value\nbudget;5\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n1;1,9\n")
    with pytest.raises(ToolkitError, match="不是金额"):
        parse_pb("META\nkey;value\nbudget;五万\n").budget
    with pytest.raises(ToolkitError, match="含逗号"):
        parse_pb("META\nkey;value\nbudget;1,000\n").budget
    assert parse_pb("META\nkey;value\nbudget;1 000 000\n").budget == 1_000_000
