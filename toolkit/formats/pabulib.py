"""The pabulib `.pb` format (META, PROJECTS, VOTES; `;`-separated), read and written.

Money is exact: the budget and the costs are kept as the decimals the file wrote and read as
fractions (never floats). Read: a UTF-8 byte-order mark (Excel, WPS), Windows line ends, blank
lines, spaces around values and section names in any case; every vote type (approval, ordinal,
cumulative, scoring) — for the approval rules each project a voter lists counts as approved.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from ..core.errors import ToolkitError

SECTIONS = ("META", "PROJECTS", "VOTES")


def money(text: str, what: str) -> Fraction:
    """An amount as written in a .pb file ("102533.36", "1e6", "1 000") as an exact fraction, or a Chinese refusal.
    A comma is refused rather than guessed at: "1,000" may be a thousand or one."""
    if "," in text:
        raise ToolkitError(f"{what}「{text}」含逗号：请用小数点，不要用千位分隔符")
    try:
        value = Fraction(text.strip().replace(" ", ""))
    except (ValueError, ZeroDivisionError):
        raise ToolkitError(f"{what}「{text}」不是金额") from None
    if value < 0:
        raise ToolkitError(f"{what}「{text}」不能为负")
    return value


@dataclass
class Instance:
    """A participatory-budgeting vote: budget, projects with costs, approval ballots."""

    meta: dict[str, str] = field(default_factory=dict)
    projects: dict[str, dict[str, str]] = field(default_factory=dict)   # id -> row
    votes: list[list[str]] = field(default_factory=list)                # approved project ids per voter

    _costs: dict[str, Fraction] = field(default_factory=dict, repr=False, compare=False)

    @property
    def budget(self) -> Fraction:
        """The budget limit, exact."""
        if "budget" not in self.meta:
            raise ToolkitError("文件的 META 部分没有 budget（预算）")
        return money(self.meta["budget"], "预算")

    def cost(self, project: str) -> Fraction:
        """A project's cost, exact."""
        if project not in self._costs:
            self._costs[project] = money(self.projects[project].get("cost", ""), f"项目{project}的金额")
        return self._costs[project]


def read_pb(path: str | Path) -> Instance:
    """Read a .pb file."""
    return parse_pb(Path(path).read_text(encoding="utf-8-sig"))


def parse_pb(text: str) -> Instance:
    """Parse the text of a .pb file."""
    inst, section, header = Instance(), None, None
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"):
        if not row or not any(c.strip() for c in row):
            continue
        if row[0].strip().upper() in SECTIONS and not any(c.strip() for c in row[1:]):
            section, header = row[0].strip().upper(), None
            continue
        if header is None:
            header = [h.strip() for h in row]
            continue
        if section == "META":  # a value may itself hold a ';'
            inst.meta[row[0].strip()] = ";".join(row[1:]).strip()
            continue
        record = dict(zip(header, (c.strip() for c in row)))
        if section == "PROJECTS":
            if not record.get("project_id"):
                raise ToolkitError("PROJECTS 部分缺少 project_id（项目编号）")
            inst.projects[record["project_id"]] = record
        elif section == "VOTES":
            listed = list(dict.fromkeys(p.strip() for p in record.get("vote", "").split(",") if p.strip()))
            unknown = [p for p in listed if p not in inst.projects]
            if unknown:
                raise ToolkitError(f"选票「{record.get('voter_id', len(inst.votes) + 1)}」投给了不存在的项目："
                                   f"{'、'.join(unknown)}")
            inst.votes.append(listed)
    return inst


def write_pb(inst: Instance) -> str:
    """The .pb text of an instance (approval votes)."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\n")
    out.write("META\n")
    w.writerow(["key", "value"])
    for k, v in inst.meta.items():
        w.writerow([k, v])
    out.write("PROJECTS\n")
    extra = [k for row in inst.projects.values() for k in row if k not in ("project_id", "cost", "name")]
    cols = ["project_id", "cost", "name", *dict.fromkeys(extra)]
    w.writerow(cols)
    for pid, row in inst.projects.items():
        w.writerow([pid, row["cost"], row.get("name", ""), *(row.get(k, "") for k in cols[3:])])
    out.write("VOTES\n")
    w.writerow(["voter_id", "vote"])
    for i, vote in enumerate(inst.votes, start=1):
        w.writerow([i, ",".join(vote)])
    return out.getvalue()
