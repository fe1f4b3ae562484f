"""Counting a livelihood-project vote (民生实事项目票决): ballot validity, who passes, who is selected.

Pure functions: the paper CLI and (later) the ballot box kept in the database count the same way.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ..core.errors import ToolkitError

ITEMISED = {"赞成": "for", "反对": "against", "弃权": "abstain", "": "abstain"}
CHOICES = tuple(word for word in ITEMISED if word)     # what a ballot offers per candidate (逐项表决)
ABSTAIN = "弃权"                                       # an unmarked candidate counts as this
MARKS = {"√", "✓", "✔", "1"}
TICK = "√"                                             # how a screen marks a choice (限额选择)
DEFAULT_QUORUM = Fraction(2, 3)


@dataclass
class VoteRules:
    """The rules a vote is held under."""

    seats: int
    electorate: int                # 全体代表
    present: int | None = None     # 出席代表 (default: ballots returned)
    issued: int | None = None      # 发出的票
    form: str = "itemised"         # itemised 逐项表决 | limited 限额选择
    threshold: str = "all"         # all 全体代表的过半数 | present 出席代表的过半数
    quorum: Fraction = DEFAULT_QUORUM

    def check(self, candidates: list[str]) -> None:
        """Refuse rules that cannot be counted."""
        if self.electorate <= 0:
            raise ToolkitError("全体代表人数应为正整数")
        if not candidates:
            raise ToolkitError("没有候选项目")
        if not 1 <= self.seats <= len(candidates):
            raise ToolkitError(f"应选项目数应在1到{len(candidates)}之间")
        if self.form not in ("itemised", "limited"):
            raise ToolkitError("表决方式应为逐项表决（itemised）或限额选择（limited）")
        if self.threshold not in ("all", "present"):
            raise ToolkitError("通过标准应为全体代表过半数（all）或出席代表过半数（present）")
        for name, value in (("出席代表人数", self.present), ("发出票数", self.issued)):
            if value is not None and value < 0:
                raise ToolkitError(f"{name}不能为负数")
        if self.present is not None and self.present > self.electorate:
            raise ToolkitError("出席代表人数不能多于全体代表人数")


@dataclass
class Result:
    """What the count gives; `as_json()` is what the CLI prints."""

    ballots: int = 0
    valid: int = 0
    invalid: int = 0
    candidates: dict[str, dict[str, int]] = field(default_factory=dict)
    passed: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)
    runoff: list[str] = field(default_factory=list)
    unfilled: int = 0
    void: str | None = None

    def as_json(self) -> dict:
        """The result as one JSON object."""
        return {"ballots": self.ballots, "valid": self.valid, "invalid": self.invalid,
                "candidates": self.candidates, "passed": self.passed, "selected": self.selected,
                "runoff": self.runoff, "unfilled": self.unfilled, "void": self.void}


def read_ballot(ballot: dict[str, str], candidates: list[str], rules: VoteRules, where: str = "") -> dict[str, str] | None:
    """A ballot's choice per candidate ('for'/'against'/'abstain'), or None for an invalid ballot."""
    unknown = set(ballot) - set(candidates)
    if unknown:
        raise ToolkitError(f"{where}有未知的候选项目：{'、'.join(sorted(unknown))}")
    choice = {}
    for name in candidates:
        cell = (ballot.get(name) or "").strip()
        if rules.form == "itemised":
            if cell not in ITEMISED:
                raise ToolkitError(f"{where}「{name}」一栏的「{cell}」不是赞成、反对、弃权或空白")
            choice[name] = ITEMISED[cell]
        else:
            if cell and cell not in MARKS:
                raise ToolkitError(f"{where}「{name}」一栏的「{cell}」不是√或空白")
            choice[name] = "for" if cell else "abstain"
    if rules.form == "limited" and sum(v == "for" for v in choice.values()) > rules.seats:
        return None  # marks more than the places: 作废
    return choice


def count(ballots: list[dict[str, str]], candidates: list[str], rules: VoteRules) -> Result:
    """Count the ballots under the rules; ties at the last place go to a further vote (另行表决)."""
    rules.check(candidates)
    # Every ballot is read first: a cell that is no allowed mark refuses the whole input.
    choices = [read_ballot(b, candidates, rules, f"第{n}张票") for n, b in enumerate(ballots, start=1)]
    result = Result(ballots=len(ballots), candidates={c: {"for": 0, "against": 0, "abstain": 0} for c in candidates})
    present = rules.present if rules.present is not None else len(ballots)
    if rules.issued is not None and len(ballots) > rules.issued:
        result.void = f"收回{len(ballots)}张，多于发出的{rules.issued}张，本次表决无效，应重新投票"
        return result
    if len(ballots) > present:
        result.void = f"收回{len(ballots)}张，多于出席代表{present}人，本次表决无效，应重新投票"
        return result
    if present < rules.quorum * rules.electorate:
        result.void = f"出席代表{present}人，不足全体代表{rules.electorate}人的{rules.quorum}，不能表决"
        return result
    for choice in choices:
        if choice is None:
            result.invalid += 1
            continue
        result.valid += 1
        for name, vote in choice.items():
            result.candidates[name][vote] += 1
    base = rules.electorate if rules.threshold == "all" else present
    result.passed = [c for c in candidates if 2 * result.candidates[c]["for"] > base]
    _select(result, rules.seats)
    return result


def _select(result: Result, seats: int) -> None:
    """The most-voted passed candidates fill the places; a tie across the last place is not broken."""
    ranked = sorted(result.passed, key=lambda c: -result.candidates[c]["for"])
    if len(ranked) <= seats:
        result.selected, result.unfilled = ranked, seats - len(ranked)
        return
    cut = result.candidates[ranked[seats - 1]]["for"]
    if result.candidates[ranked[seats]]["for"] == cut:
        result.selected = [c for c in ranked if result.candidates[c]["for"] > cut]
        result.runoff = [c for c in ranked if result.candidates[c]["for"] == cut]
    else:
        result.selected = ranked[:seats]
    result.unfilled = 0


def over_limit(form: str, seats: int, marks: dict[str, str]) -> str | None:
    """Why a ballot filled in on a screen must not go in the box yet (限额选择 with more ticks than
    places would be 作废), or None. Paper cannot be stopped; a screen can say so first."""
    ticked = sum(1 for mark in marks.values() if mark and mark in MARKS)
    if form == "limited" and ticked > seats:
        return f"最多选{seats}项，您选了{ticked}项：多选的选票作废，请减少后再投"
    return None
