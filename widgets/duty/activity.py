"""ActivityPanel: log an activity at a station — kind, day, theme, attending deputies, citizens
received, the opinions raised there — and see the station's recent activities."""
from __future__ import annotations

from datetime import date

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.glossary import ACTIVITY_KINDS
from toolkit.core.markup import Markup, html
from toolkit.duty.activities import ActivityForm, case_ids, list_activities, log_activity

from ..pieces.common import MessageArea, guarded, table_html
from ..pieces.deputy_picker import DeputyPicker
from ..pieces.station_picker import StationPicker

LABEL = {"description_width": "90px"}
WIDE = w.Layout(width="460px")


class ActivityPanel(w.VBox):
    """The form on top, the station's activities below."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.station = StationPicker(db, "站点", layout=WIDE, style=LABEL)
        self.station.observe(lambda _: self.refresh(), "value")
        self.kind = w.Dropdown(description="活动类型", options=[(v, k) for k, v in ACTIVITY_KINDS.items()], style=LABEL)
        self.held_on = w.DatePicker(description="日期", value=date.today(), style=LABEL)
        self.title = w.Text(description="活动名称", layout=WIDE, style=LABEL)
        self.theme = w.Text(description="月度主题", style=LABEL)
        self.citizens = w.BoundedIntText(description="接待群众", min=0, max=100000, style=LABEL)
        self.attendee = DeputyPicker(db, "参加代表")
        self.add_attendee = w.Button(description="加入")
        self.add_attendee.on_click(self.pick)
        self.attendees: dict[int, str] = {}
        self.attendee_list = w.HTML()
        self.cases = w.Text(description="反映意见", placeholder="案件编号，如 TL-2026-000123，多个用逗号分开", layout=WIDE, style=LABEL)
        self.save_button = w.Button(description="登记活动", button_style="primary")
        self.save_button.add_class("lz-duty-ready")
        self.save_button.on_click(self.save)
        self.listing = w.HTML()
        super().__init__([
            w.HTML("<p>登记站点开展的活动；参加活动即计为代表进站一次。</p>"),
            w.HBox([w.VBox([self.station, self.title, self.cases]), w.VBox([self.kind, self.held_on, self.theme, self.citizens])]),
            w.HBox([self.attendee, self.add_attendee]), self.attendee_list, self.save_button, self.message, self.listing])
        self.refresh()   # the first option is chosen at construction, so no change event fires

    def refresh(self) -> None:
        """The chosen station's latest activities."""
        if self.station.value is None:
            self.listing.value = ""
            return
        with self.db.reader() as s:
            df = list_activities(s, self.station.value, limit=30)
        self.listing.value = html("<h4>本站（含下级站点）最近的活动</h4>{}", table_html(df) if len(df) else Markup("<p>尚无活动。</p>"))

    def pick(self, _=None) -> None:
        """Add the found deputy to the attendees."""
        if self.attendee.value is not None:
            self.attendees[self.attendee.value] = self.attendee.choice.label.split("（")[0]
            self.attendee_list.value = html("参加代表（{}名）：{}", len(self.attendees), "、".join(self.attendees.values()))
            self.attendee.text.value = ""

    @guarded
    def save(self, _=None) -> None:
        """Record the activity."""
        with self.db.unit_of_work() as s:
            form = ActivityForm(self.station.value, self.kind.value, self.held_on.value, self.title.value, self.theme.value,
                                self.citizens.value, list(self.attendees), case_ids(s, self.cases.value))
            log_activity(s, form)
        self.title.value = self.cases.value = ""
        self.attendees, self.attendee_list.value = {}, ""
        self.refresh()
        self.message.show("已登记活动。", "ok")
