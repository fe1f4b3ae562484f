"""EnrolmentMovePanel: enrol a deputy or move them to another station; shows the history."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit import enrol, move_history, read_deputy
from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.markup import html

from ..pieces.common import MessageArea, guarded, table_html
from ..pieces.station_picker import StationPicker


class EnrolmentMovePanel(w.VBox):
    """For the deputy in `deputy_id`: current station, a new one, a note, and the history."""

    deputy_id = traitlets.Int(None, allow_none=True, help="the deputy being enrolled or moved")
    moved = traitlets.Int(0, help="bumped after every move")

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.heading = w.HTML()
        self.target = StationPicker(self.db, "新联络站", layout=w.Layout(width="460px"))
        self.note = w.Text(description="说明", placeholder="如 工作调动、换届调整",
                           layout=w.Layout(width="460px"))
        self.move_button = w.Button(description="确认编组/调整", button_style="primary")
        self.history = w.HTML()
        self.move_button.on_click(self.move_selected)
        self.observe(lambda _: self.refresh(), "deputy_id")
        super().__init__([self.heading, self.target.with_search(), self.note, self.move_button, self.message,
                          w.HTML("<b>进站与调整记录</b>"), self.history])
        self.reload_stations()
        self.refresh()

    def reload_stations(self) -> None:
        """Offer every open station."""
        self.target.reload()

    @guarded
    def refresh(self) -> None:
        """Show the deputy's current station and history."""
        if self.deputy_id is None:
            self.heading.value = "<i>请先在名册中选中一名代表。</i>"
            self.history.value = ""
            return
        with self.db.reader() as s:
            record = read_deputy(s, self.deputy_id)
            history = move_history(s, self.deputy_id)
        where = record["所属联络站"] or "（未进站）"
        self.heading.value = html("<h3>{}</h3>现所属联络站：{}", record["姓名"], where)
        self.history.value = table_html(history)

    @guarded
    def move_selected(self, _=None) -> None:
        """Enrol or move in one unit of work."""
        if self.deputy_id is None:
            raise ToolkitError("请先在名册中选中一名代表")
        with self.db.unit_of_work() as s:
            enrol(s, self.deputy_id, self.target.value, note=self.note.value or None)
        self.note.value = ""
        self.refresh()
        self.message.show("已调整联络站，记录已保存。", "ok")
        self.moved += 1
