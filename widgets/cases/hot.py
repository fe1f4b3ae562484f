"""HotTopicsPanel: a month's 热点 per county — the terms and categories that rose against the three
months before, with example cases (toolkit.triage.hot_topics counts; this only asks and shows)."""
from __future__ import annotations

from datetime import date

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.markup import html
from toolkit.triage import hot_topics
from toolkit.triage.hot import latest_month

from ..pieces.common import MessageArea, guarded, table_html
from ..pieces.station_picker import StationPicker


def _months(today: date, count: int = 24) -> list[str]:
    n = today.year * 12 + today.month - 1
    return [f"{(n - i) // 12}-{(n - i) % 12 + 1:02d}" for i in range(count)]


class HotTopicsPanel(w.VBox):
    """Pick a month (and a county); see what rose."""

    def __init__(self, db: Database, today: date | None = None):
        self.db = db
        self.message = MessageArea()
        today = today or date.today()
        self.month = w.Dropdown(description="月份", options=_months(today))
        with db.reader() as s:
            newest = latest_month(s, today)
        if newest in self.month.options:       # not a month just begun, with nothing in it yet
            self.month.value = newest
        self.county = StationPicker(db, "区县", blank="（全部区县）", kinds=("county_center",))
        self.summary = w.HTML()
        self.terms = w.HTML()
        self.categories = w.HTML()
        for c in (self.month, self.county):
            c.observe(lambda _: self.refresh(), "value")
        super().__init__([w.HTML("<h3>热点</h3><p style='color:#555'>与前三个月的月均相比明显增多（至少3件、两倍以上）"
                                 "的事项和类别；一个词在一件案件中只计一次，站点名称不计，在同一批案件中一起增多的词归为同一事项。</p>"),
                          w.HBox([self.month, self.county]), self.message, self.summary,
                          w.HTML("<b>增多的事项</b>"), self.terms, w.HTML("<b>增多的类别</b>"), self.categories])
        self.add_class("lz-hot")
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """Count again for the chosen month and county."""
        with self.db.reader() as s:
            terms, categories = hot_topics(s, self.month.value, self.county.value)
        self.summary.value = html("<p>{}：{}个事项、{}个类别明显增多。</p>", self.month.value, len(terms), len(categories))
        self.terms.value = table_html(terms)
        self.categories.value = table_html(categories)
