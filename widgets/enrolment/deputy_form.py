"""DeputyFormPanel: add or edit a deputy; every problem is shown next to its field."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit import ROSTER_COLUMNS, ROSTER_REQUIRED, create_deputy, read_deputy, update_deputy
from toolkit.core.db import Database
from toolkit.core.errors import ValidationFailed
from toolkit.core.glossary import GENDERS, LEVELS, PARTIES
from toolkit.core.markup import html
from toolkit.network.deputies import get_deputy
from toolkit.network.deputy_fields import FIELD_NAMES

from ..pieces.common import Field, MessageArea, guarded
from ..pieces.station_picker import StationPicker

PLACEHOLDERS = {"民族": "汉族", "出生年月": "如 1975-03", "身份证号": "18位，末位可为X",
                "届次": "如 第十八届；各级不同写 县:第十八届；乡:第十九届", "选区": "如 五松镇第3选区",
                "联系电话": "11位手机号或 0562-2821234", "专业特长": "如 法律、农业",
                "电子邮箱": "接收通知；不填则以短信发到手机"}


class LevelPicker(w.HBox):
    """Five check boxes; `value` is the roster text such as 县、乡."""

    def __init__(self):
        self.boxes = {label: w.Checkbox(description=label, indent=False, layout=w.Layout(width="70px"))
                      for label in LEVELS.values()}
        super().__init__(list(self.boxes.values()))

    @property
    def value(self) -> str:
        """The ticked levels joined by 、."""
        return "、".join(label for label, box in self.boxes.items() if box.value)

    @value.setter
    def value(self, text: str) -> None:
        chosen = set(filter(None, text.replace("/", "、").split("、")))
        for label, box in self.boxes.items():
            box.value = label in chosen


def _control(column: str, db: Database) -> w.Widget:
    width = w.Layout(width="420px")
    if column == "性别":
        return w.Dropdown(options=[("", "")] + [(g, g) for g in GENDERS], layout=width)
    if column == "政治面貌":
        return w.Dropdown(options=[("", "")] + [(p, p) for p in PARTIES], layout=width)
    if column in ("是否连任", "是否领导干部"):
        return w.Dropdown(options=[("", ""), ("是", "是"), ("否", "否")], layout=width)
    if column == "代表层级":
        return LevelPicker()
    if column == "所属联络站":       # by path: what roster records and the toolkit name
        return StationPicker(db, "", blank="", blank_value="", by="path", layout=width)
    return w.Text(placeholder=PLACEHOLDERS.get(column, ""), layout=width)


class DeputyFormPanel(w.VBox):
    """One form for new and existing deputies; `saved_id` changes after each save."""

    saved_id = traitlets.Int(None, allow_none=True, help="the deputy last saved")
    deputy_id = traitlets.Int(None, allow_none=True, help="None for a new deputy")

    def __init__(self, db: Database):
        self.db, self._version = db, None
        self.message = MessageArea()
        self.title = w.HTML()
        self.fields = {c: Field(c, _control(c, db), c in ROSTER_REQUIRED) for c in ROSTER_COLUMNS}
        for column, f in self.fields.items():  # stable hooks for browser tests and styling
            f.control.add_class(f"lz-{FIELD_NAMES[column]}")
        self.save_button = w.Button(description="保存", button_style="primary", icon="check")
        self.new_button = w.Button(description="清空，新增代表")
        self.save_button.add_class("lz-save")
        self.save_button.on_click(self.save)
        self.new_button.on_click(lambda _: self.new())
        super().__init__([self.title, *self.fields.values(),
                          w.HBox([self.save_button, self.new_button]), self.message])
        self.reload_stations()
        self.new()

    def reload_stations(self) -> None:
        """Offer every open station, by path (what the toolkit resolves)."""
        self.fields["所属联络站"].control.reload()

    def values(self) -> dict[str, str]:
        """The form as a roster record (Chinese labels to text)."""
        return {c: f.value or "" for c, f in self.fields.items()}

    def fill(self, record: dict[str, str]) -> None:
        """Put a record into the form."""
        for c, f in self.fields.items():
            value = record.get(c, "")
            if c == "所属联络站" and value and value not in dict(f.control.options).values():
                value = next((v for _, v in f.control.options if v.endswith("/" + value) or v == value), "")
            f.value = value
        self.clear_errors()

    def new(self) -> None:
        """An empty form for a new deputy."""
        self.deputy_id = None
        self.fill({})
        self.title.value = "<h3>新增代表</h3>"
        self.message.clear()

    @guarded
    def load(self, deputy_id: int) -> None:
        """Edit an existing deputy."""
        with self.db.reader() as s:
            record = read_deputy(s, deputy_id)
            self._version = get_deputy(s, deputy_id).version  # a save from this screen must still match it
        self.fill(record)
        self.deputy_id = deputy_id
        self.title.value = html("<h3>编辑代表：{}</h3>", record["姓名"])
        self.message.clear()

    def clear_errors(self) -> None:
        """Remove every field message."""
        for f in self.fields.values():
            f.set_error(None)

    def show_field_errors(self, error: ValidationFailed) -> None:
        """Put each message next to its field."""
        self.clear_errors()
        for column, text in error.by_field().items():
            if column in self.fields:
                self.fields[column].set_error(text)

    def errors(self) -> dict[str, str]:
        """Field messages now on screen (for tests and for the app)."""
        return {c: f.error_text for c, f in self.fields.items() if f.error_text}

    @guarded
    def save(self, _=None) -> None:
        """Validate and write in one unit of work."""
        self.clear_errors()
        record = self.values()
        with self.db.unit_of_work() as s:
            if self.deputy_id is None:
                new_id = create_deputy(s, record)
            else:
                update_deputy(s, self.deputy_id, record, expected_version=self._version)
                new_id = self.deputy_id
            s.flush()
            self._version = get_deputy(s, new_id).version
        verb = "已新增" if self.deputy_id is None else "已保存"
        self.deputy_id = new_id
        self.title.value = html("<h3>编辑代表：{}</h3>", record["姓名"])
        self.message.show(f"{verb}代表 {record['姓名']}。", "ok")
        self.saved_id = None
        self.saved_id = new_id
