"""SuggestionProposalPanel: write a 代表建议 (提出) — 领衔代表 and 附议代表, title, content, category,
the session, the citizens' cases it grew from — with the earlier suggestions most like it shown
while it is written, so a repeated suggestion is seen as one."""
from __future__ import annotations

import ipywidgets as w
import traitlets

from toolkit.core.db import Database
from toolkit.core.glossary import SUGGESTION_LEVELS
from toolkit.core.markup import html, join
from toolkit.suggestions.handling import SuggestionForm, propose
from toolkit.triage.earlier_suggestions import similar_suggestions

from ..pieces.common import Field, MessageArea, guarded
from ..pieces.deputy_picker import DeputyPicker
from .listing import CATEGORIES

WIDE = w.Layout(width="560px")


class SuggestionProposalPanel(w.VBox):
    """The form; `proposed` is the id of the suggestion last written."""

    proposed = traitlets.Int(None, allow_none=True)

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.lead_picker = DeputyPicker(db, "")           # the field's caption names it
        self.cosigner_picker = DeputyPicker(db, "")
        self.add_cosigner = w.Button(description="加为附议代表", layout=w.Layout(width="120px"))
        self.add_cosigner.on_click(lambda _: self._add_cosigner())
        self.cosigners = w.SelectMultiple(options=[], rows=3, layout=w.Layout(width="360px"))
        self.drop_cosigner = w.Button(description="移除所选", layout=w.Layout(width="100px"))
        self.drop_cosigner.on_click(lambda _: self._drop_cosigners())
        self.lead = Field("领衔代表", self.lead_picker.choice, required=True, shown=self.lead_picker)
        self.title = Field("标题", w.Text(placeholder="关于……的建议", layout=WIDE), required=True)
        self.content = Field("内容", w.Textarea(rows=6, layout=WIDE, continuous_update=False), required=True)
        self.category = Field("类别", w.Dropdown(options=CATEGORIES + ("民生实事",), value="其他"))
        self.level = Field("提交层级", w.Dropdown(options=[(f"{v}级人大", k) for k, v in SUGGESTION_LEVELS.items()],
                                                   value="county"))
        self.session_label = Field("届次会次", w.Text(placeholder="如：第十八届人大第五次会议；或 闭会期间", layout=WIDE))
        self.cases = Field("来源案件", w.Text(placeholder="群众意见的案件编号，多个用顿号分隔", layout=WIDE))
        self.similar = w.HTML()
        self.submit = w.Button(description="提出建议", button_style="primary")
        self.submit.on_click(lambda _: self.save())
        for f in (self.title, self.content):
            f.control.observe(lambda _: self.find_similar(), "value")
        self.cosigner_row = Field("附议代表", self.cosigner_picker.choice,
                                  shown=w.VBox([w.HBox([self.cosigner_picker, self.add_cosigner]),
                                                w.HBox([self.cosigners, self.drop_cosigner])]))
        super().__init__([self.lead, self.cosigner_row,
                          self.title, self.content, self.similar, self.category, self.level, self.session_label, self.cases,
                          self.message, self.submit])
        self.add_class("lz-suggestion-propose")

    def _add_cosigner(self) -> None:
        if self.cosigner_picker.value is not None:
            label = self.cosigner_picker.choice.label
            self.cosigners.options = list(dict.fromkeys([*self.cosigners.options, (label, self.cosigner_picker.value)]))

    def _drop_cosigners(self) -> None:
        chosen = set(self.cosigners.value)
        self.cosigners.options = [(k, v) for k, v in self.cosigners.options if v not in chosen]

    @guarded
    def find_similar(self) -> None:
        """The earlier suggestions most like what is written so far."""
        with self.db.reader() as s:
            found = similar_suggestions(s, f"{self.title.value} {self.content.value}")
        self.similar.value = "" if not found else html(
            "<div class='lz-msg-info'><b>相似的已有建议</b>（请确认是否重复提出）：<ul>{}</ul></div>",
            join(html("<li>{}年 {}《{}》，{}，相似度{}</li>", f["年份"], f["建议编号"], f["标题"], f["答复类别"],
                      f"{f['相似度']:.0%}") for f in found))

    def show_field_errors(self, e) -> None:
        fields = {f.label: f for f in (self.lead, self.title, self.content, self.category, self.level, self.session_label,
                                       self.cases)}
        for err in e.errors:
            if err.field in fields:
                fields[err.field].set_error(err.message)
            else:
                self.message.show(str(err), "error")

    @guarded
    def save(self) -> None:
        """Write the suggestion; the form empties for the next one."""
        form = SuggestionForm(title=self.title.value, content=self.content.value, lead_deputy_id=self.lead_picker.value,
                              category=self.category.value or "", session_label=self.session_label.value,
                              level=self.level.value,
                              cosigner_ids=[v for _, v in self.cosigners.options], case_numbers=self.cases.value)
        with self.db.unit_of_work() as s:
            suggestion = propose(s, form)
            number, new_id = suggestion.number, suggestion.id
        self.message.show(f"已提出代表建议 {number}，待代表工委交办。", "ok")
        for f in (self.title, self.content, self.session_label, self.cases):
            f.value = ""
        self.cosigners.options, self.similar.value = [], ""
        self.proposed = new_id
