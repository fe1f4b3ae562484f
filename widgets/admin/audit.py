"""AuditPanel: the operation log, filtered and paged by the database; read only, city administrators."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import ipywidgets as w

from toolkit.core.audit_reading import AuditFilter, count_entries, readable_entries
from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.glossary import AUDIT_ACTIONS, ENTITY_LABELS

from ..pieces.common import MessageArea, Pager, guarded, table_html

PAGE = 50
ANY = ("（全部）", "")


class AuditPanel(w.VBox):
    """Filters on top, fifty entries a page, newest first."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.entity = w.Dropdown(description="对象", options=[ANY] + sorted((v, k) for k, v in ENTITY_LABELS.items()))
        self.entity_id = w.Text(description="编号", layout=w.Layout(width="180px"))
        self.actor = w.Text(description="操作人", placeholder="登录名", layout=w.Layout(width="240px"))
        self.action = w.Dropdown(description="操作", options=[ANY] + [(v, k) for k, v in AUDIT_ACTIONS.items()])
        self.since = w.DatePicker(description="起")
        self.until = w.DatePicker(description="止")
        self.search_button = w.Button(description="查询", button_style="primary")
        self.pager = Pager(self.show_page, page_size=PAGE)
        self.table = w.HTML()
        self.search_button.on_click(lambda _: self.search())
        super().__init__([w.HTML("<p>操作日志只增不改：每一次新增、修改、删除和被拒绝的操作都记录操作人、时间和前后数值。</p>"),
                          w.HBox([self.entity, self.entity_id, self.actor]),
                          w.HBox([self.action, self.since, self.until, self.search_button]),
                          self.message, self.pager, self.table])
        self.search()

    def current_filter(self) -> AuditFilter:
        """The filter the fields describe; a wrong number is refused with its field named."""
        raw_id = self.entity_id.value.strip()
        if raw_id and not raw_id.isdigit():
            raise ToolkitError(f"编号须为数字（现为「{raw_id}」）。")
        return AuditFilter(entity=self.entity.value or None, entity_id=int(raw_id) if raw_id else None,
                           actor=self.actor.value.strip() or None, action=self.action.value or None,
                           since=datetime.combine(self.since.value, time()) if self.since.value else None,
                           until=datetime.combine(self.until.value + timedelta(days=1), time()) if self.until.value else None)

    @guarded
    def search(self) -> None:
        """Count the matches and show the first page."""
        self.message.clear()
        self.filter = self.current_filter()
        with self.db.reader() as s:
            self.pager.set_total(count_entries(s, self.filter))
        self.pager.page = 1
        self.show_page(1)

    @guarded
    def show_page(self, page: int) -> None:
        """One page of entries, read by the database with LIMIT/OFFSET."""
        with self.db.reader() as s:
            shown = readable_entries(s, self.filter, limit=PAGE, offset=(page - 1) * PAGE)
        self.pager.set_total(self.pager.total)
        self.table.value = table_html(shown, hide=())
