"""PairingNewPanel: create one pairing by hand; the toolkit says why when a rule forbids it."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.glossary import COMMITTEE_ROLES, PAIRING_KINDS
from toolkit.pairings.services import create_pairing, set_committee_role

from ..pieces.common import MessageArea, guarded
from ..pieces.deputy_picker import DeputyPicker
from ..pieces.station_picker import StationPicker


class PairingNewPanel(w.VBox):
    """Kind, mentor, mentee (or township for 包联); also who sits on the standing committee."""

    changed = traitlets.Int(0, help="bumped after every write")

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.kind = w.Dropdown(description="结对类型", options=[(v, k) for k, v in PAIRING_KINDS.items()],
                               layout=w.Layout(width="380px"))
        self.mentor = DeputyPicker(db, "联系人")
        self.mentee = DeputyPicker(db, "被联系代表")
        self.township = StationPicker(db, "包联乡镇", kinds=("township_station",), layout=w.Layout(width="380px"))
        self.create_button = w.Button(description="建立结对", button_style="primary")
        self.role_person = DeputyPicker(db, "代表")
        self.role = w.Dropdown(description="常委会身份", options=[("（无）", None)] + [(v, k) for k, v in COMMITTEE_ROLES.items()], index=0)
        self.role_button = w.Button(description="设置身份")
        self.kind.observe(lambda _: self._toggle(), "value")
        self.create_button.on_click(self.create)
        self.role_button.on_click(self.set_role)
        super().__init__([self.kind, self.mentor, self.mentee, self.township, self.create_button, self.message,
                          w.HTML("<hr><b>常委会组成人员与领导</b>（结对类型4、5的联系人）"),
                          w.HBox([self.role_person, self.role, self.role_button])])
        self._toggle()

    def _toggle(self) -> None:
        township = self.kind.value == "leader_township"
        self.mentee.layout.display = "none" if township else ""
        self.township.layout.display = "" if township else "none"

    @guarded
    def create(self, _=None) -> None:
        """Create the pairing in one unit of work."""
        if self.mentor.value is None:
            raise ToolkitError("请先查找并选择联系人")
        target = ({"station_id": self.township.value} if self.kind.value == "leader_township"
                  else {"mentee_id": self.mentee.value})
        with self.db.unit_of_work() as s:
            create_pairing(s, self.kind.value, self.mentor.value, **target)
        self.message.show("已建立结对。", "ok")
        self.changed += 1

    @guarded
    def set_role(self, _=None) -> None:
        """Mark someone as a standing-committee member or leader (or neither)."""
        if self.role_person.value is None:
            raise ToolkitError("请先查找并选择代表")
        with self.db.unit_of_work() as s:
            set_committee_role(s, self.role_person.value, self.role.value)
        self.message.show("已设置常委会身份。", "ok")
