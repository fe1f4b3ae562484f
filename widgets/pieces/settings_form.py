"""SettingsForm: a group of settings (toolkit/core/settings.py), each with its Chinese help line."""
from __future__ import annotations

import ipywidgets as w

from toolkit.core.db import Database
from toolkit.core.settings import SETTINGS, get_setting, set_setting

from .common import MessageArea, guarded


class SettingsForm(w.VBox):
    """The named settings' current values, and a save that changes them (city administrators)."""

    def __init__(self, db: Database, names: list[str]):
        self.db = db
        self.message = MessageArea()
        self.controls = {n: w.BoundedIntText(min=SETTINGS[n].minimum, max=SETTINGS[n].maximum,
                                             layout=w.Layout(width="90px")) for n in names}
        self.save_button = w.Button(description="保存设置")
        self.save_button.on_click(self.save)
        rows = [w.HBox([w.HTML(SETTINGS[n].help, layout=w.Layout(width="360px")), c]) for n, c in self.controls.items()]
        super().__init__([*rows, self.save_button, self.message])
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """Show the stored values (or the defaults)."""
        with self.db.reader() as s:
            for name, control in self.controls.items():
                control.value = get_setting(s, name)

    @guarded
    def save(self, _=None) -> None:
        """Store the values, all or none."""
        with self.db.unit_of_work() as s:
            for name, control in self.controls.items():
                set_setting(s, name, int(control.value))
        self.message.show("设置已保存。", "ok")
