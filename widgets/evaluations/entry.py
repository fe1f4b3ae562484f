"""代表评价录入: a deputy's answer entered by staff, once per deputy and target."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.evaluations.rules import VERDICTS
from toolkit.evaluations.services import submit, targets_of

from ..pieces.common import MessageArea, guarded
from ..pieces.deputy_picker import DeputyPicker

WIDE = w.Layout(width="460px")


class EntryPanel(w.VBox):
    """Deputy, target, verdict; publishes `changed` after each answer."""

    round_id = traitlets.Int(None, allow_none=True, help="the round chosen in the app")
    changed = traitlets.Int(0, help="counts the answers entered here")

    def __init__(self, db: Database, rounds: w.Widget):
        self.db = db
        self.entry_deputy = DeputyPicker(db, "代表")
        self.entry_target = w.Dropdown(description="测评对象", layout=WIDE)
        self.entry_verdict = w.ToggleButtons(options=VERDICTS, description="总体评价")
        self.entry_button = w.Button(description="提交评价", button_style="primary")
        self.entry_message = MessageArea()
        self.entry_button.on_click(self.enter)
        self.observe(lambda _: self.reload_targets(), "round_id")
        super().__init__([rounds, w.HTML("代表以本人身份测评：选择代表、测评对象和总体评价。每名代表对每个对象只能评价一次。"),
                          self.entry_deputy, self.entry_target, self.entry_verdict, self.entry_button, self.entry_message])

    @guarded(area="entry_message")
    def reload_targets(self) -> None:
        """The chosen round's targets; the one picked stays picked."""
        targets = []
        if self.round_id is not None:
            with self.db.reader() as s:
                targets = targets_of(s, self.round_id)
        keep = self.entry_target.value
        self.entry_target.options = [(label, tid) for tid, label in targets]
        ids = [tid for tid, _ in targets]
        self.entry_target.index = ids.index(keep) if keep in ids else (0 if ids else None)

    @guarded(area="entry_message")
    def enter(self, _=None) -> None:
        """One deputy's answer."""
        if self.entry_deputy.value is None:
            raise ToolkitError("请先查找并选择代表")
        if self.round_id is None:
            raise ToolkitError("请先选择一个测评")
        with self.db.unit_of_work() as s:
            submit(s, self.round_id, self.entry_target.value, f"deputy:{self.entry_deputy.value}", self.entry_verdict.value)
        self.entry_message.show("已提交。", "ok")
        self.changed += 1
