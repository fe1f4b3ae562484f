"""CaseIntakePanel: station staff log an opinion in a few seconds and get its number."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit import DeputyFilter, search_deputies
from toolkit.cases.links import link_same_matter
from toolkit.cases.services import Opinion, intake
from toolkit.core.db import Database
from toolkit.core.errors import ValidationFailed
from toolkit.core.glossary import CATEGORIES, CHANNELS, MATTER_LEVELS
from toolkit.triage import advise

from ..pieces.common import Field, MessageArea, guarded
from ..pieces.station_picker import StationPicker
from .advice import AdviceBox

WIDE = w.Layout(width="460px")


class CaseIntakePanel(w.VBox):
    """The intake form; `created_id` changes after each case is logged."""

    created_id = traitlets.Int(None, allow_none=True, help="the case just logged")

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        station = StationPicker(self.db, "", blank="", layout=WIDE)
        self.fields = {
            "渠道": Field("渠道", w.Dropdown(options=[(v, k) for k, v in CHANNELS.items()], layout=WIDE), True),
            "所属站点": Field("所属站点", station, True, shown=station.with_search()),
            "接收代表": Field("接收代表", w.Dropdown(layout=WIDE)),
            "反映人": Field("反映人", w.Text(placeholder="可不填", layout=WIDE)),
            "联系电话": Field("联系电话", w.Text(placeholder="可不填", layout=WIDE)),
            # Suggestions follow the text once it is typed (on leaving the box), not at every key.
            "反映内容": Field("反映内容", w.Textarea(placeholder="群众反映的问题和诉求（2000字以内）", continuous_update=False,
                                                 layout=w.Layout(width="460px", height="110px")), True),
            "地点": Field("地点/网格", w.Text(layout=WIDE)),
            "类别": Field("类别", w.Dropdown(options=CATEGORIES, value="其他", layout=WIDE), True),
            "层级": Field("办理层级", w.Dropdown(options=[(v, k) for k, v in MATTER_LEVELS.items()], layout=WIDE)),
        }
        for key, f in self.fields.items():
            f.control.add_class(f"lz-case-{list(self.fields).index(key)}")
        self.fields["所属站点"].control.observe(lambda _: self._load_deputies(), "value")
        self.advice = AdviceBox("可能重复：与较早的案件为同一事项（可选）")
        self.advice.add_class("lz-case-advice")
        self._suggested = None        # the category the form preselected, while the person has not changed it
        self.fields["反映内容"].control.observe(lambda _: self.suggest(), "value")
        self.fields["所属站点"].control.observe(lambda _: self.suggest(), "value")
        self.submit = w.Button(description="登记并建账", button_style="primary", icon="check")
        self.submit.add_class("lz-case-submit")
        self.submit.on_click(self.log_case)
        fields = list(self.fields.values())
        super().__init__([w.HTML("<h3>登记社情民意</h3>"), *fields[:6], self.advice, *fields[6:], self.submit, self.message])
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

    @guarded
    def suggest(self) -> None:
        """Show the suggestions for the text; preselect the category when the city's confidence is
        reached and the person has not chosen one (their choice is never overwritten)."""
        text, station = self.fields["反映内容"].value, self.fields["所属站点"].value
        with self.db.reader() as s:
            advice = advise(s, text, station)
        self.advice.show(advice, departments=False)
        category = self.fields["类别"].control
        if advice.preselect_category and category.value in ("其他", self._suggested):
            category.value = self._suggested = advice.preselect_category
            self.advice.note(f"已按建议预选类别「{advice.preselect_category}」，请确认或改选。")

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
        same = self.advice.chosen
        with self.db.unit_of_work() as s:
            case = intake(s, opinion)
            if same:
                link_same_matter(s, case.id, same)
            number, case_id = case.number, case.id
        for key in ("反映人", "联系电话", "反映内容", "地点"):
            self.fields[key].value = ""
        self.fields["类别"].value = "其他"       # the next opinion's category is chosen afresh (or suggested)
        self._suggested = None
        self.advice.clear()
        self.message.show(f"已登记，案件编号 {number}。" + (f"已标记与 {same} 为同一事项。" if same else ""), "ok")
        self.created_id = case_id
