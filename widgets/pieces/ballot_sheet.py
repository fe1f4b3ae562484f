"""BallotSheet: one ballot of a project vote, as the deputy fills it in (on the staff's voting
desk, or on the ballot page). The words are the counting rules' own (toolkit.projects.vote_rules):
逐项表决 offers 赞成/反对/弃权 per candidate, unmarked counting as 弃权; 限额选择 a box per
candidate, at most `seats` ticked — said on screen, refused again by the toolkit when cast."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.markup import html
from toolkit.projects.vote_rules import ABSTAIN, CHOICES, TICK


def about(cost, department) -> str:
    """What a deputy reads under a candidate's name: who would carry it out and its estimated cost."""
    return "　".join(x for x in (department, f"估算{cost:g}万元" if cost else "") if x)


class BallotSheet(w.VBox):
    """`show(form, seats, candidates)` lays the ballot out; `filled()` is what to cast."""

    def __init__(self, **kwargs):
        self.marks: dict[str, w.Widget] = {}
        self.form, self.seats = "itemised", 0
        self.tally = w.HTML()
        self.rows = w.VBox()
        super().__init__([self.rows, self.tally], **kwargs)

    def show(self, form: str, seats: int, candidates: list[tuple[str, str]]) -> None:
        """One row per (name, what to know about it)."""
        self.form, self.seats, self.marks = form, seats, {}
        rows = []
        for name, about in candidates:
            if form == "itemised":
                pick = w.ToggleButtons(options=list(CHOICES), value=ABSTAIN, style={"button_width": "88px"})
            else:
                pick = w.Checkbox(description="选择", value=False, indent=False)
                pick.observe(lambda _: self._count(), "value")
            self.marks[name] = pick
            label = w.HTML(html("<div class='lz-ballot-name'><b>{}</b><br><small>{}</small></div>", name, about))
            row = w.VBox([label, pick], layout=w.Layout(border="1px solid #ddd", padding="6px", margin="4px 0",
                                                        max_width="420px"))
            row.add_class("lz-ballot-row")
            rows.append(row)
        self.rows.children = rows
        self._count()

    def clear(self) -> None:
        """No ballot shown."""
        self.marks, self.rows.children, self.tally.value = {}, [], ""

    def rule(self) -> str:
        """The ballot's rule in a sentence."""
        return ("逐项表决：对每个项目选择赞成、反对或弃权；未选的按弃权计。" if self.form == "itemised"
                else f"限额选择：最多选{self.seats}项，多选则选票作废。")

    def ticked(self) -> int:
        """How many candidates are ticked (限额选择)."""
        return sum(bool(c.value) for c in self.marks.values()) if self.form == "limited" else 0

    def filled(self) -> dict[str, str]:
        """The ballot as the toolkit casts it: each candidate's word, or a tick or nothing."""
        if self.form == "itemised":
            return {n: c.value for n, c in self.marks.items()}
        return {n: TICK if c.value else "" for n, c in self.marks.items()}

    def _count(self) -> None:
        if self.form != "limited":
            self.tally.value = ""
            return
        n, over = self.ticked(), self.ticked() > self.seats
        self.tally.value = html("<p style='color:{}'>已选{}项，最多{}项{}</p>", "#c00" if over else "#333",
                                n, self.seats, "：超过限额，请减少" if over else "")
