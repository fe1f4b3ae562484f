"""The pabulib `.pb` format (META, PROJECTS, VOTES; `;`-separated), read and written."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Instance:
    """A participatory-budgeting vote: budget, projects with costs, approval ballots."""

    meta: dict[str, str] = field(default_factory=dict)
    projects: dict[str, dict[str, str]] = field(default_factory=dict)   # id -> row
    votes: list[list[str]] = field(default_factory=list)                # approved project ids per voter

    @property
    def budget(self) -> float:
        """The budget limit."""
        return float(self.meta["budget"])

    def cost(self, project: str) -> float:
        """A project's cost."""
        return float(self.projects[project]["cost"])


def read_pb(path: str | Path) -> Instance:
    """Read a .pb file."""
    return parse_pb(Path(path).read_text(encoding="utf-8"))


def parse_pb(text: str) -> Instance:
    """Parse the text of a .pb file."""
    inst, section, header = Instance(), None, None
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        if not row:
            continue
        if row[0].strip() in ("META", "PROJECTS", "VOTES") and len(row) == 1:
            section, header = row[0].strip(), None
            continue
        if header is None:
            header = [h.strip() for h in row]
            continue
        record = dict(zip(header, (c.strip() for c in row)))
        if section == "META":  # a value may itself hold a ';'
            inst.meta[row[0].strip()] = ";".join(row[1:]).strip()
        elif section == "PROJECTS":
            inst.projects[record["project_id"]] = record
        elif section == "VOTES":
            inst.votes.append([p for p in record.get("vote", "").split(",") if p])
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
