"""StationTreePanel: the station network as a tree; add, rename, move or close a station."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit import ToolkitError, add_station, close_station, move_station, rename_station, station_tree
from toolkit.core.db import Database
from toolkit.core.glossary import STATION_KINDS
from toolkit.core.markup import Markup, html

from ..pieces.common import MessageArea, guarded
from ..pieces.station_picker import StationPicker


class StationTreePanel(w.VBox):
    """Browse the network; each action is one unit of work in the toolkit."""

    selected_id = traitlets.Int(None, allow_none=True, help="the station picked in the tree")
    changed = traitlets.Int(0, help="bumped after every successful change")

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.show_closed = w.Checkbox(description="显示已撤销站点", value=False, indent=False)
        self.tree = w.Select(rows=22, layout=w.Layout(width="440px"))
        self.details = w.HTML()
        self.new_name = w.Text(placeholder="新站点名称", layout=w.Layout(width="260px"))
        self.new_kind = w.Dropdown(options=[(v, k) for k, v in STATION_KINDS.items()],
                                   value="village_point", layout=w.Layout(width="160px"))
        self.add_button = w.Button(description="在其下新增", button_style="primary")
        self.rename_text = w.Text(placeholder="新名称", layout=w.Layout(width="260px"))
        self.rename_button = w.Button(description="重命名")
        self.move_target = StationPicker(db, "移到", layout=w.Layout(width="420px"))
        self.move_button = w.Button(description="移动")
        self.close_button = w.Button(description="撤销站点", button_style="danger")
        self.tree.observe(self._on_pick, "value")
        self.show_closed.observe(lambda _: self.refresh(), "value")
        self.add_button.on_click(self.add_child)
        self.rename_button.on_click(self.rename_selected)
        self.move_button.on_click(self.move_selected)
        self.close_button.on_click(self.close_selected)
        actions = w.VBox([
            self.details,
            w.HTML("<b>新增下级站点</b>"), w.HBox([self.new_name, self.new_kind, self.add_button]),
            w.HTML("<b>重命名</b>"), w.HBox([self.rename_text, self.rename_button]),
            w.HTML("<b>调整上级站点</b>"), w.HBox([self.move_target, self.move_button]),
            w.HTML("<b>撤销</b>（站下无代表、无未撤销下级时才可撤销）"), self.close_button,
        ], layout=w.Layout(padding="0 0 0 20px"))
        super().__init__([self.message, self.show_closed, w.HBox([self.tree, actions])])
        self.refresh()

    def refresh(self) -> None:
        """Reload the tree from the database, keeping the selection where possible."""
        with self.db.reader() as s:
            self.frame = station_tree(s)
        shown = self.frame if self.show_closed.value else self.frame[~self.frame["已撤销"]]
        keep = self.selected_id
        self.tree.options = [(self._line(r), int(r["id"])) for _, r in shown.iterrows()]
        self.move_target.reload()
        ids = set(shown["id"].astype(int))
        self.tree.value = keep if keep in ids else None
        self._on_pick()

    @staticmethod
    def _line(r) -> str:
        mark = "（已撤销）" if r["已撤销"] else ""
        count = f" · {r['在站代表']}人" if r["在站代表"] else ""
        return f"{'　' * int(r['depth'])}{'└ ' if r['depth'] else ''}{r['名称']}〔{r['类型']}〕{count}{mark}"

    def _on_pick(self, _=None) -> None:
        self.selected_id = self.tree.value
        if self.tree.value is None:
            self.details.value = "<i>请在左侧选择一个站点。</i>"
            return
        r = self.frame[self.frame["id"] == self.tree.value].iloc[0]
        self.details.value = html("<b style='font-size:16px'>{}</b><br>类型：{}<br>路径：{}<br>在站代表：{}人{}",
                                  r["名称"], r["类型"], r["路径"], r["在站代表"],
                                  Markup("<br><b>已撤销</b>") if r["已撤销"] else "")
        self.rename_text.value = r["名称"]

    def _done(self, text: str, select: int | None = None) -> None:
        self.message.show(text, "ok")
        self.selected_id = select if select is not None else self.selected_id
        self.refresh()
        self.changed += 1

    @guarded
    def add_child(self, _=None) -> None:
        """Add a station under the selected one (or a root when nothing is selected)."""
        with self.db.unit_of_work() as s:
            new_id = add_station(s, self.new_name.value, self.new_kind.value, self.tree.value)
        self.new_name.value = ""
        self._done("已新增站点。", new_id)

    @guarded
    def rename_selected(self, _=None) -> None:
        """Rename the selected station."""
        self._need_selection()
        with self.db.unit_of_work() as s:
            rename_station(s, self.tree.value, self.rename_text.value)
        self._done("已重命名。")

    @guarded
    def move_selected(self, _=None) -> None:
        """Put the selected station under the chosen parent."""
        self._need_selection()
        with self.db.unit_of_work() as s:
            move_station(s, self.tree.value, self.move_target.value)
        self._done("已调整上级站点。")

    @guarded
    def close_selected(self, _=None) -> None:
        """Close the selected station."""
        self._need_selection()
        with self.db.unit_of_work() as s:
            close_station(s, self.tree.value)
        self._done("站点已撤销。")

    def _need_selection(self) -> None:
        if self.tree.value is None:
            raise ToolkitError("请先在左侧选择一个站点")
