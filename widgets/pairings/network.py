"""PairingNetworkPanel: mentor → mentees per county, folded so a whole county stays readable."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.glossary import PAIRING_KINDS
from toolkit.core.markup import html, join
from toolkit.core.settings import SETTINGS
from toolkit.pairings.queries import committee_shortfalls, network

from ..pieces.common import MessageArea, guarded, table_html
from ..pieces.settings_form import SettingsForm
from .network_drawing import network_svg


class PairingNetworkPanel(w.VBox):
    """A folded tree per county; below it the committee shortfall warning and the settings."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.kind = w.Dropdown(description="结对类型", options=[(v, k) for k, v in PAIRING_KINDS.items()],
                               layout=w.Layout(width="380px"))
        self.county = w.Dropdown(description="县区", layout=w.Layout(width="380px"))
        self.drawing = w.HTML()          # the chosen county as a network: 联系人 → 联系对象
        self.drawing.add_class("lz-network-box")
        self.view = w.HTML()
        self.warnings = w.HTML()
        self.settings = SettingsForm(db, [n for n, spec in SETTINGS.items() if spec.group == "pairings"])
        self.kind.observe(lambda _: self.refresh(), "value")
        self.county.observe(lambda _: self.draw(), "value")
        super().__init__([w.HBox([self.kind, self.county]), self.drawing, w.HTML("<b>名单（按县区折叠）</b>"),
                          self.view, self.warnings, w.HTML("<hr><b>设置</b>"), self.settings, self.message])
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """Redraw the tree, the warnings and the current settings."""
        with self.db.reader() as s:
            tree = network(s, self.kind.value)
            short = committee_shortfalls(s)
        self.tree = tree
        keep = self.county.value
        self.county.options = list(tree)
        if keep in tree:
            self.county.value = keep
        elif tree:
            self.county.index = 0
        self.draw()
        parts = []
        for county, mentors in tree.items():
            inner = join(html("<details><summary>{}（{}）</summary><p style='margin-left:2em'>{}</p></details>",
                              m, len(ms), "、".join(ms)) for m, ms in mentors.items())
            total = sum(len(ms) for ms in mentors.values())
            parts.append(html("<details open><summary><b>{}</b>：{}名联系人，{}个对象</summary>"
                              "<div style='margin-left:1.5em'>{}</div></details>", county, len(mentors), total, inner))
        self.view.value = join(parts) or "<i>该类型暂无结对。</i>"
        self.warnings.value = (html("<p class='lz-msg-error'>以下{}名常委会组成人员联系基层代表不足5名：</p>{}",
                                    len(short), table_html(short)) if len(short) else "")

    def draw(self) -> None:
        """The chosen county's pairings of this kind as a network (scrolls when long)."""
        mentors = getattr(self, "tree", {}).get(self.county.value)
        self.drawing.value = (html("<div style='max-height:560px;overflow:auto;border:1px solid #ddd'>{}</div>",
                                   network_svg(mentors)) if mentors else "")
