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


class PairingNetworkPanel(w.VBox):
    """A folded tree per county; below it the committee shortfall warning and the settings."""

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.kind = w.Dropdown(description="结对类型", options=[(v, k) for k, v in PAIRING_KINDS.items()],
                               layout=w.Layout(width="380px"))
        self.view = w.HTML()
        self.warnings = w.HTML()
        self.settings = SettingsForm(db, [n for n, spec in SETTINGS.items() if spec.group == "pairings"])
        self.kind.observe(lambda _: self.refresh(), "value")
        super().__init__([self.kind, self.view, self.warnings, w.HTML("<hr><b>设置</b>"), self.settings, self.message])
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """Redraw the tree, the warnings and the current settings."""
        with self.db.reader() as s:
            tree = network(s, self.kind.value)
            short = committee_shortfalls(s)
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
