"""RotaPanel: a month's rota of a station's service posts — plan, look, save, print — and the
days a deputy cannot take a turn."""
from __future__ import annotations

from datetime import date

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.errors import ToolkitError
from toolkit.core.glossary import SERVICE_POSTS
from toolkit.core.markup import html
from toolkit.duty.rota import WEEKDAYS, mark_unavailable, plan_rota, plan_table, save_rota, saved_rota
from toolkit.duty.rota_print import rota_html, rota_pdf

from ..pieces.common import MessageArea, download_link, guarded, table_html
from ..pieces.deputy_picker import DeputyPicker
from ..pieces.station_picker import StationPicker

LABEL = {"description_width": "90px"}


class RotaPanel(w.VBox):
    """Plan first; nothing is saved until 保存排班."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.station = StationPicker(db, "站点", layout=w.Layout(width="420px"), style=LABEL)
        today = date.today()
        nxt = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
        self.month = w.Text(description="月份", value=f"{nxt:%Y-%m}", style=LABEL)
        self.posts = {k: w.Checkbox(description=v, value=True, indent=False, layout=w.Layout(width="auto", margin="0 16px 0 0"))
                      for k, v in SERVICE_POSTS.items()}
        self.days = {i: w.Checkbox(description=f"周{d}", value=i < 5, indent=False, layout=w.Layout(width="auto", margin="0 12px 0 0"))
                     for i, d in enumerate(WEEKDAYS)}
        self.plan_button = w.Button(description="生成排班", button_style="primary")
        self.plan_button.on_click(self.make_plan)
        self.save_button = w.Button(description="保存排班")
        self.save_button.on_click(self.keep)
        self.show_button = w.Button(description="查看已保存的排班")
        self.show_button.on_click(self.show_saved)
        self.table = w.HTML()
        self.download = w.HTML()
        self.off_deputy = DeputyPicker(db, "代表")
        self.off_day = w.DatePicker(description="不可值班日", value=nxt, style=LABEL)
        self.off_reason = w.Text(description="原因", style=LABEL)
        self.off_button = w.Button(description="登记")
        self.off_button.on_click(self.day_off)
        self.plan = None
        super().__init__([
            w.HBox([self.station, self.month]), w.HBox(list(self.posts.values())), w.HBox(list(self.days.values())),
            w.HBox([self.plan_button, self.save_button, self.show_button]), self.message, self.download, self.table,
            w.HTML("<hr><h4>代表不可值班的日子</h4>"), self.off_deputy, w.HBox([self.off_day, self.off_reason, self.off_button])])

    def _show(self, plan, note: str) -> None:
        with self.db.reader() as s:
            page, pdf = rota_html(s, plan).encode("utf-8"), rota_pdf(s, plan)
        counts: dict[str, int] = {}
        for _, _, i in plan.turns:
            counts[plan.names[i]] = counts.get(plan.names[i], 0) + 1
        spread = "、".join(f"{n}{c}次" for n, c in sorted(counts.items(), key=lambda x: -x[1]))
        empty = html("；<b style='color:#c62828'>空缺{}班</b>（可值班的代表不够）", len(plan.empty)) if plan.empty else ""
        self.table.value = html("<p>{}：共{}班{}。{}</p>{}", note, len(plan.turns), empty, spread, table_html(plan_table(plan)))
        self.download.value = (download_link(page, "轮值表.html", "打印轮值表（网页）", "text/html") + "　"
                               + download_link(pdf, "轮值表.pdf", "轮值表（PDF）", "application/pdf"))

    @guarded
    def make_plan(self, _=None) -> None:
        """Plan the month (not saved yet)."""
        posts = tuple(k for k, c in self.posts.items() if c.value)
        weekdays = tuple(i for i, c in self.days.items() if c.value)
        with self.db.reader() as s:
            self.plan = plan_rota(s, self.station.value, self.month.value.strip(), posts, weekdays)
        self._show(self.plan, "排班方案（尚未保存）")
        self.message.clear()

    @guarded
    def keep(self, _=None) -> None:
        """Save the plan, replacing the month's rota."""
        if self.plan is None:
            raise ToolkitError("请先生成排班")
        with self.db.unit_of_work() as s:
            n = save_rota(s, self.plan)
        self.message.show(f"已保存{n}班。", "ok")

    @guarded
    def show_saved(self, _=None) -> None:
        """The saved rota of the month."""
        with self.db.reader() as s:
            plan = saved_rota(s, self.station.value, self.month.value.strip())
        if not plan.turns:
            raise ToolkitError("该月尚未保存排班")
        self._show(plan, "已保存的排班")

    @guarded
    def day_off(self, _=None) -> None:
        """A day a deputy cannot take a turn."""
        if self.off_deputy.value is None:
            raise ToolkitError("请先查找并选择代表")
        with self.db.unit_of_work() as s:
            mark_unavailable(s, self.off_deputy.value, self.off_day.value, self.off_reason.value)
        self.message.show("已登记，生成排班时不会安排该代表当天值班。", "ok")
