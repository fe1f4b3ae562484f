"""Counting a project vote: passing by all or present, ties at the cut-off, invalid ballots, voids."""
import json

import pytest

from toolkit import ToolkitError
from toolkit.ops.cli import main
from toolkit.projects.vote_rules import VoteRules, count

from . import files

C = ["甲", "乙", "丙", "丁"]


def _itemised(*rows):
    """Each row: a string of Y/N/A/- per candidate (赞成/反对/弃权/blank)."""
    marks = {"Y": "赞成", "N": "反对", "A": "弃权", "-": ""}
    return [{c: marks[m] for c, m in zip(C, row)} for row in rows]


def _limited(*rows):
    return [{c: ("√" if m == "x" else "") for c, m in zip(C, row)} for row in rows]


@pytest.mark.parametrize("ballots, rules, passed, selected, runoff, unfilled", [
    # electorate 5: passing needs 3 赞成 (more than half of 5)
    (_itemised("YYYN", "YYNN", "YYYN", "YNNN", "NYNN"), VoteRules(2, 5), ["甲", "乙"], ["甲", "乙"], [], 0),
    # 丙 has 2 of 5: not more than half of all deputies …
    (_itemised("YYYN", "YYYN", "YNNN", "NNNN"), VoteRules(3, 5, present=4), ["甲"], ["甲"], [], 2),
    # … but more than half of the 4 present? 2 is exactly half: no. 乙 has 2 as well: no.
    (_itemised("YYYN", "YYYN", "YNNN", "NNNN"), VoteRules(3, 5, present=4, threshold="present"), ["甲"], ["甲"], [], 2),
    (_itemised("YYYN", "YYYN", "YYYN", "NNNN"), VoteRules(3, 5, present=4, threshold="present"),
     ["甲", "乙", "丙"], ["甲", "乙", "丙"], [], 0),
    # a tie at the last place: 乙 and 丙 both 4, one place left → 另行表决
    (_itemised("YYYN", "YYYN", "YYYN", "YYYN", "YNNN"), VoteRules(2, 5), ["甲", "乙", "丙"], ["甲"], ["乙", "丙"], 0),
    # a tie elsewhere does not matter
    (_itemised("YYYN", "YYYN", "YYYN", "YYNN", "NNNN"), VoteRules(2, 5), ["甲", "乙", "丙"], ["甲", "乙"], [], 0),
    # 等额: as many candidates as places
    (_itemised("YYYY", "YYYY", "YYYN"), VoteRules(4, 4, present=3), ["甲", "乙", "丙"], ["甲", "乙", "丙"], [], 1),
    # unmarked counts as 弃权
    (_itemised("Y---", "Y---", "Y---"), VoteRules(1, 4), ["甲"], ["甲"], [], 0),
])
def test_counting(ballots, rules, passed, selected, runoff, unfilled):
    r = count(ballots, C, rules)
    assert (r.passed, r.selected, r.runoff, r.unfilled, r.void) == (passed, selected, runoff, unfilled, None)


def test_limited_choice_voids_over_marked_ballots_only():
    r = count(_limited("xx--", "x---", "xxx-", "-x--"), C, VoteRules(2, 4, form="limited"))
    assert (r.valid, r.invalid) == (3, 1)
    assert r.candidates["甲"] == {"for": 2, "against": 0, "abstain": 1}
    assert r.passed == []  # 2 marks of 4 deputies is not more than half


@pytest.mark.parametrize("rules, reason", [
    (VoteRules(2, 9), "不足全体代表9人的2/3"),            # 3 ballots, nobody else present
    (VoteRules(2, 4, issued=2), "多于发出的2张"),
])
def test_void_votes_say_why(rules, reason):
    r = count(_itemised("YYYN", "YYYN", "YYYN"), C, rules)
    assert reason in r.void and r.selected == []


@pytest.mark.parametrize("ballots, rules, reason", [
    ([{"甲": "同意", "乙": "", "丙": "", "丁": ""}], VoteRules(1, 3), "不是赞成、反对、弃权"),
    ([{"戊": "赞成"}], VoteRules(1, 3), "未知的候选项目"),
    (_itemised("YYYY"), VoteRules(1, -3), "全体代表人数"),
    (_itemised("YYYY"), VoteRules(5, 3), "应选项目数"),
])
def test_refused_input(ballots, rules, reason):
    with pytest.raises(ToolkitError, match=reason):
        count(ballots, C, rules)


def test_the_cli_counts_a_paper_vote(tmp_path, capsys):
    rows = [["1", "赞成", "赞成", "反对"], ["2", "赞成", "", "赞成"], ["3", "赞成", "赞成", "赞成"]]
    path = files.write(tmp_path / "票.csv", ["编号", "老年食堂", "口袋公园", "充电桩"], rows)
    assert main(["vote", "count", str(path), "--seats", "2", "--electorate", "4"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["candidates"]["老年食堂"] == {"for": 3, "against": 0, "abstain": 0}
    assert (out["passed"], out["selected"], out["void"]) == (["老年食堂"], ["老年食堂"], None)
    assert out["unfilled"] == 1


def test_the_cli_exits_2_for_a_void_or_refused_vote(tmp_path, capsys):
    path = files.write(tmp_path / "票.csv", ["老年食堂"], [["√"], ["√"]])
    assert main(["vote", "count", str(path), "--seats", "1", "--electorate", "3", "--form", "limited",
                 "--issued", "1"]) == 2
    assert "多于发出的1张" in capsys.readouterr().err
    assert main(["vote", "count", str(path), "--seats", "1", "--electorate", "-3"]) == 2
    assert "全体代表人数" in capsys.readouterr().err


def test_the_cli_enters_paper_ballots_into_a_stored_vote_and_exports_it(db, tmp_path, capsys):
    from pypdf import PdfReader

    from toolkit.formats.pabulib import read_pb
    from toolkit.projects.box import box
    from toolkit.projects.votes import add_candidate, close_and_count, create_vote, open_vote

    with db.unit_of_work() as s:
        vid = create_vote(s, "2027年票决", "county", seats=1, electorate=4)
        for name in ("老年食堂", "口袋公园"):
            add_candidate(s, vid, name, cost=100)
        open_vote(s, vid)
    url = str(db.engine.url)
    bad = files.write(tmp_path / "错.csv", ["编号", "老年食堂", "口袋公园"], [["1", "赞成", ""], ["2", "同意", ""]])
    assert main(["vote", "paper", str(vid), str(bad), "--issued", "4", "--db", url]) == 2
    assert "第2张票「老年食堂」一栏的「同意」" in capsys.readouterr().err
    with db.reader() as s:
        assert box(s, vid) == []
    good = files.write(tmp_path / "票.csv", ["编号", "老年食堂", "口袋公园"], [["1", "赞成", ""], ["2", "赞成", "反对"], ["3", "赞成", ""]])
    assert main(["vote", "paper", str(vid), str(good), "--issued", "4", "--db", url]) == 0
    assert "已录入纸质选票3张" in capsys.readouterr().out
    assert main(["vote", "export", str(vid), "--out", str(tmp_path / "x.pb"), "--db", url]) == 2
    with db.unit_of_work() as s:
        close_and_count(s, vid, present=4)
    for suffix in ("pb", "html", "xlsx", "pdf"):
        assert main(["vote", "export", str(vid), "--out", str(tmp_path / f"公告.{suffix}"), "--db", url]) == 0
    assert read_pb(tmp_path / "公告.pb").votes == [["1"]] * 3
    assert "老年食堂" in PdfReader(tmp_path / "公告.pdf").pages[0].extract_text()
    assert main(["vote", "list", "--db", url]) == 0
    assert f"{vid}\t已计票\t2027年票决" in capsys.readouterr().out
