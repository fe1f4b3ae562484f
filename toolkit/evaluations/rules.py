"""Counting a satisfaction evaluation (满意度测评): rates, the committee verdict, the 整改 flag.

Pure functions on counts, shared by the paper tally and by rounds kept in the database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ..core.glossary import EVAL_DENOMINATORS, EVAL_NUMERATORS, RATINGS

VERDICTS = (*RATINGS, "弃权")
DEFAULT_UNSATISFIED_LIMIT = Fraction(1, 3)


@dataclass(frozen=True)
class Formula:
    """How 满意率 is counted; every report states it."""

    numerator: str = "both"
    denominator: str = "responses"

    def __post_init__(self):
        if self.numerator not in EVAL_NUMERATORS or self.denominator not in EVAL_DENOMINATORS:
            raise ValueError("满意率口径应为 both/satisfied-only 与 responses/rated 的组合")

    def describe(self) -> str:
        """The formula in words, e.g. 满意率 = (满意 + 基本满意) / 全部有效票（含弃权）."""
        return f"满意率 = ({EVAL_NUMERATORS[self.numerator]}) / {EVAL_DENOMINATORS[self.denominator]}；不满意率 = 不满意 / 同一分母"


@dataclass
class Tally:
    """The counts for one target."""

    counts: dict[str, int] = field(default_factory=lambda: {v: 0 for v in VERDICTS})
    item_sums: dict[str, int] = field(default_factory=dict)
    item_counts: dict[str, int] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)

    def add(self, verdict: str, items: dict[str, int] | None = None, comment: str = "") -> None:
        """Count one response."""
        if verdict not in VERDICTS:
            raise ValueError(f"总体评价「{verdict}」无效，应为{'、'.join(VERDICTS)}之一")
        self.counts[verdict] += 1
        for name, score in (items or {}).items():
            if not isinstance(score, int) or not 1 <= score <= 5:
                raise ValueError(f"「{name}」的评分应为1到5的整数")
            self.item_sums[name] = self.item_sums.get(name, 0) + score
            self.item_counts[name] = self.item_counts.get(name, 0) + 1
        if comment.strip():
            self.comments.append(comment.strip())

    @property
    def responses(self) -> int:
        """Valid responses, 弃权 included."""
        return sum(self.counts.values())


def exact_rates(counts: dict[str, int], formula: Formula) -> tuple[Fraction, Fraction]:
    """(满意率, 不满意率) as exact fractions; 0 when nobody counted."""
    denominator = sum(counts.values()) - (counts["弃权"] if formula.denominator == "rated" else 0)
    if denominator <= 0:
        return Fraction(0), Fraction(0)
    satisfied = counts["满意"] + (counts["基本满意"] if formula.numerator == "both" else 0)
    return Fraction(satisfied, denominator), Fraction(counts["不满意"], denominator)


def rates(counts: dict[str, int], formula: Formula) -> tuple[float, float]:
    """(满意率, 不满意率) rounded to 4 places."""
    sat, unsat = exact_rates(counts, formula)
    return round(float(sat), 4), round(float(unsat), 4)


def committee_verdict(counts: dict[str, int], members: int) -> str:
    """满意 if 满意 votes are more than half of all members; else 基本满意 if 满意 + 基本满意 are;
    else 不满意. Exactly half is not more than half; members who did not vote still count."""
    if members <= 0:
        raise ValueError("组成人员总数应为正整数")
    if sum(counts.values()) > members:
        raise ValueError(f"投票数（{sum(counts.values())}）多于组成人员总数（{members}）")
    if 2 * counts["满意"] > members:
        return "满意"
    if 2 * (counts["满意"] + counts["基本满意"]) > members:
        return "基本满意"
    return "不满意"


def needs_rectification(counts: dict[str, int], formula: Formula,
                        unsatisfied_limit: Fraction = DEFAULT_UNSATISFIED_LIMIT,
                        satisfied_floor: Fraction | None = None) -> bool:
    """整改: 不满意率 above the limit (default 1/3, exactly 1/3 is not above), or 满意率 under the
    floor when one is set. Counted exactly, not on rounded rates."""
    sat, unsat = exact_rates(counts, formula)
    return unsat > unsatisfied_limit or (satisfied_floor is not None and sat < satisfied_floor)


def summarize(name: str, tally: Tally, formula: Formula, members: int | None = None,
              unsatisfied_limit: Fraction = DEFAULT_UNSATISFIED_LIMIT, satisfied_floor: Fraction | None = None) -> dict:
    """One target's result as the reports and the JSON output show it."""
    sat, unsat = rates(tally.counts, formula)
    out = {"测评对象": name, "票数": tally.responses, **tally.counts, "满意率": sat, "不满意率": unsat,
           "整改": needs_rectification(tally.counts, formula, unsatisfied_limit, satisfied_floor),
           "评分项平均": {k: round(tally.item_sums[k] / tally.item_counts[k], 2) for k in tally.item_sums},
           "意见": tally.comments}
    if members is not None:
        out["结论"] = committee_verdict(tally.counts, members)
    return out
