"""CaseIntakePanel: station staff log an opinion in a few seconds and get its number."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit import DeputyFilter, search_deputies
from toolkit.cases.services import Opinion, intake
from toolkit.core.db import Database
from toolkit.core.errors import ValidationFailed
from toolkit.core.glossary import CATEGORIES, CHANNELS, MATTER_LEVELS

from ..pieces.common import Field, MessageArea, guarded
from ..pieces.station_picker import StationPicker

WIDE = w.Layout(width="460px")


class CaseIntakePanel(w.VBox):
    """The intake form; `created_id` changes after each case is logged."""

    created_id = traitlets.Int(None, allow_none=True, help="the case just logged")

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.fields = {
            "渠道": Field("渠道", w.Dropdown(options=[(v, k) for k, v in CHANNELS.items()], layout=WIDE), True),
            "所属站点": Field("所属站点", StationPicker(self.db, "", blank="", layout=WIDE), True),
            "接收代表": Field("接收代表", w.Dropdown(layout=WIDE)),
            "反映人": Field("反映人", w.Text(placeholder="可不填", layout=WIDE)),
            "联系电话": Field("联系电话", w.Text(placeholder="可不填", layout=WIDE)),
            "反映内容": Field("反映内容", w.Textarea(placeholder="群众反映的问题和诉求（2000字以内）",
                                                 layout=w.Layout(width="460px", height="110px")), True),
            "地点": Field("地点/网格", w.Text(layout=WIDE)),
            "类别": Field("类别", w.Dropdown(options=CATEGORIES, value="其他", layout=WIDE), True),
            "层级": Field("办理层级", w.Dropdown(options=[(v, k) for k, v in MATTER_LEVELS.items()], layout=WIDE)),
        }
        for key, f in self.fields.items():
            f.control.add_class(f"lz-case-{list(self.fields).index(key)}")
        self.fields["所属站点"].control.observe(lambda _: self._load_deputies(), "value")
        self.submit = w.Button(description="登记并建账", button_style="primary", icon="check")
        self.submit.add_class("lz-case-submit")
        self.submit.on_click(self.log_case)
        super().__init__([w.HTML("<h3>登记社情民意</h3>"), *self.fields.values(), self.submit, self.message])
        self.reload_stations()

    def reload_stations(self) -> None:
        """Offer every open station."""
        self.fields["所属站点"].control.reload()

    def _load_deputies(self) -> None:
        station = self.fields["所属站点"].value
        options = [("（不指定）", None)]
        if station:
            with self.db.reader() as s:
                people = search_deputies(s, DeputyFilter(station_id=station), page_size=0)
            options += [(r["姓名"], int(r["id"])) for _, r in people.iterrows()]
        self.fields["接收代表"].control.options = options

    def show_field_errors(self, error: ValidationFailed) -> None:
        """Each message next to its field."""
        for key, f in self.fields.items():
            f.set_error(error.by_field().get(key))

    @guarded
    def log_case(self, _=None) -> None:
        """Validate and write the case in one unit of work."""
        for f in self.fields.values():
            f.set_error(None)
        v = {k: f.value for k, f in self.fields.items()}
        opinion = Opinion(content=v["反映内容"], channel=v["渠道"], category=v["类别"],
                          station_id=v["所属站点"], deputy_id=v["接收代表"], citizen_name=v["反映人"],
                          citizen_phone=v["联系电话"], place=v["地点"], matter_level=v["层级"])
        with self.db.unit_of_work() as s:
            case = intake(s, opinion)
            number, case_id = case.number, case.id
        for key in ("反映人", "联系电话", "反映内容", "地点"):
            self.fields[key].value = ""
        self.message.show(f"已登记，案件编号 {number}。", "ok")
        self.created_id = case_id
