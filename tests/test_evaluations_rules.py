"""Satisfaction counting on a hand-checked set: both formulas, the committee verdict, 整改."""
import json
from fractions import Fraction

import pytest

from toolkit.evaluations.rules import Formula, Tally, committee_verdict, needs_rectification, rates, summarize
from toolkit.ops.cli import main

from . import files


def _counts(s=0, b=0, u=0, a=0):
    return {"满意": s, "基本满意": b, "不满意": u, "弃权": a}


@pytest.mark.parametrize("formula, expected", [
    (Formula("both", "responses"), (0.6, 0.2)),        # (4 + 2) / 10, 2 / 10
    (Formula("satisfied-only", "responses"), (0.4, 0.2)),
    (Formula("both", "rated"), (0.75, 0.25)),          # 6 / 8, 2 / 8: 弃权 left out
    (Formula("satisfied-only", "rated"), (0.5, 0.25)),
])
def test_both_formulas_on_a_hand_checked_set(formula, expected):
    assert rates(_counts(4, 2, 2, 2), formula) == expected


def test_abstentions_are_valid_but_neither_side():
    t = Tally()
    for v in ["满意", "弃权", "弃权", "不满意"]:
        t.add(v)
    assert t.responses == 4 and rates(t.counts, Formula()) == (0.25, 0.25)


@pytest.mark.parametrize("counts, members, verdict", [
    (_counts(6, 0, 0), 11, "满意"),      # 6 > 5.5
    (_counts(5, 1, 0), 10, "基本满意"),  # 5 is exactly half: not more; 6 > 5
    (_counts(5, 0, 5), 10, "不满意"),    # 5 + 0 is exactly half
    (_counts(4, 2, 0), 15, "不满意"),    # 9 did not vote but count in all members
    (_counts(8, 0, 0), 15, "满意"),
])
def test_the_committee_verdict_needs_more_than_half_of_all_members(counts, members, verdict):
    assert committee_verdict(counts, members) == verdict


def test_more_votes_than_members_is_refused():
    with pytest.raises(ValueError, match="多于组成人员总数"):
        committee_verdict(_counts(6, 0, 0), 5)


@pytest.mark.parametrize("counts, flagged", [
    (_counts(2, 0, 1), False),   # exactly 1/3 is not above
    (_counts(3, 0, 2), True),    # 2/5 > 1/3
    (_counts(9, 0, 1), False),
])
def test_rectification_flag_on_unsatisfied_share(counts, flagged):
    assert needs_rectification(counts, Formula()) is flagged


def test_a_satisfied_floor_also_flags():
    assert needs_rectification(_counts(7, 0, 1, 2), Formula(), satisfied_floor=Fraction(8, 10))
    assert not needs_rectification(_counts(8, 0, 1, 1), Formula(), satisfied_floor=Fraction(8, 10))


def test_scores_outside_the_scale_are_refused():
    with pytest.raises(ValueError, match="1到5"):
        Tally().add("满意", {"答复是否及时": 6})
    with pytest.raises(ValueError, match="无效"):
        Tally().add("很满意")


def test_summary_has_item_averages_and_comments():
    t = Tally()
    t.add("满意", {"答复是否及时": 5}, "很及时")
    t.add("基本满意", {"答复是否及时": 4})
    out = summarize("市住建局", t, Formula(), members=3)
    assert out["评分项平均"] == {"答复是否及时": 4.5} and out["意见"] == ["很及时"]
    assert out["结论"] == "基本满意" and out["满意率"] == 1.0


HEADER = ["测评对象", "总体评价", "答复是否及时", "问题是否解决", "意见"]


def test_the_paper_tally_prints_json_per_target(tmp_path, capsys):
    rows = [["市住建局", "满意", "5", "4", "好"], ["市住建局", "不满意", "2", "", ""],
            ["市住建局", "弃权", "", "", ""], ["市交通局", "基本满意", "4", "4", ""]]
    path = files.write(tmp_path / "票.xlsx", HEADER, rows)
    assert main(["eval", "tally", str(path), "--members", "5"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["口径"].startswith("满意率 = (满意 + 基本满意)")
    first = out["结果"][0]
    assert (first["测评对象"], first["票数"], first["满意率"], first["不满意率"]) == ("市住建局", 3, 0.3333, 0.3333)
    assert first["结论"] == "不满意" and first["整改"] is False
    assert first["评分项平均"] == {"答复是否及时": 3.5, "问题是否解决": 4.0}
    assert main(["eval", "tally", str(path), "--formula", "satisfied-only"]) == 0
    assert json.loads(capsys.readouterr().out)["结果"][1]["满意率"] == 0.0


@pytest.mark.parametrize("rows, reason", [
    ([["市住建局", "很满意", "", "", ""]], "第2行「总体评价」"),
    ([["市住建局", "满意", "6", "", ""]], "第2行「答复是否及时」"),
    ([["", "满意", "", "", ""]], "第2行「测评对象」"),
])
def test_refused_paper_input_exits_2_with_the_reason(tmp_path, capsys, rows, reason):
    path = files.write(tmp_path / "票.csv", HEADER, rows)
    assert main(["eval", "tally", str(path)]) == 2
    assert reason in capsys.readouterr().err


def test_more_ballots_than_members_exits_2(tmp_path, capsys):
    path = files.write(tmp_path / "票.csv", HEADER, [["市住建局", "满意", "", "", ""]] * 4)
    assert main(["eval", "tally", str(path), "--members", "3"]) == 2
    assert "多于组成人员总数" in capsys.readouterr().err
