"""SuggestionHandlingPanel: what happens to one suggestion — its timeline and the cases it grew from
— and the one step the user may take now (交办, 三见面, 协办意见, 答复, 代表意见, 落实), each a form
whose refusal shows under its field. Only the steps the toolkit offers this user are shown."""
from __future__ import annotations

from datetime import date

import ipywidgets as w
import traitlets

from toolkit.core.db import Database
from toolkit.core.glossary import RATINGS, SUGGESTION_CLASSES, SUGGESTION_CONTACT_STAGES, SUGGESTION_CONTACT_WAYS
from toolkit.core.markup import html, join
from toolkit.network.department_directory import departments
from toolkit.projects.proposals import calls_for_suggestion, propose_from_suggestion
from toolkit.suggestions.answers import answer, fulfil, rate
from toolkit.suggestions.case_links import linked_cases
from toolkit.suggestions.handling import assign, co_opinion, record_contact
from toolkit.suggestions.steps import STEP_LABELS, next_steps
from toolkit.suggestions.timeline import timeline

from ..pieces.common import Field, MessageArea, guarded, table_html

WIDE = w.Layout(width="520px")
DONE = {"assign": "已交办", "contact": "已记录沟通情况", "co_opinion": "已提交协办意见", "answer": "已答复",
        "rate": "已提交代表意见", "fulfil": "已记录落实情况", "to_project": "已纳入民生实事项目征集"}


class SuggestionHandlingPanel(w.VBox):
    """The steps of the suggestion whose id is `suggestion_id`; `changed` ticks after each step taken."""

    suggestion_id = traitlets.Int(None, allow_none=True)
    changed = traitlets.Int(0)

    def __init__(self, db: Database):
        self.db = db
        self.message = MessageArea()
        self.history, self.cases = w.HTML(), w.HTML()
        self.step = w.ToggleButtons(options=[], description="办理环节", style={"button_width": "170px"})
        # 交办
        self.unit = Field("主办单位", w.Dropdown(layout=WIDE), required=True)
        self.co_units = Field("协办单位", w.SelectMultiple(rows=4, layout=WIDE))
        self.key = Field("重点督办", w.Checkbox(indent=False))
        self.supervisor = Field("领衔督办领导", w.Text(placeholder="重点督办时填写", layout=WIDE))
        self.assigned_on = Field("交办日期", w.DatePicker(value=date.today()), required=True)
        # 三见面
        self.stage = Field("沟通阶段", w.Dropdown(options=[(x, x) for x in SUGGESTION_CONTACT_STAGES]), required=True)
        self.way = Field("沟通方式", w.Dropdown(options=[(x, x) for x in SUGGESTION_CONTACT_WAYS]), required=True)
        self.contact_on = Field("沟通日期", w.DatePicker(value=date.today()), required=True)
        self.contact_note = Field("沟通情况", w.Textarea(rows=3, layout=WIDE))
        # 协办意见
        self.opinion_text = Field("协办意见", w.Textarea(rows=4, layout=WIDE), required=True)
        # 答复
        self.answer_class = Field("答复类别", w.Dropdown(options=[(f"{k} {v}", k) for k, v in SUGGESTION_CLASSES.items()]),
                                  required=True)
        self.answer_text = Field("答复内容", w.Textarea(rows=5, layout=WIDE, placeholder="C类请写明留作参考的原因"),
                                 required=True)
        self.promised_on = Field("承诺落实日期", w.DatePicker())
        self.answered_on = Field("答复日期", w.DatePicker(value=date.today()), required=True)
        # 代表意见
        self.opinion = Field("代表意见", w.Dropdown(options=[(r, r) for r in RATINGS]), required=True)
        self.opinion_note = Field("意见说明", w.Textarea(rows=3, layout=WIDE, placeholder="不满意时须写明理由"))
        # 落实
        self.done_on = Field("落实日期", w.DatePicker(value=date.today()), required=True)
        self.evidence = Field("落实情况", w.Textarea(rows=3, layout=WIDE), required=True)
        # 纳入民生实事征集 (a suggestion of the 民生实事 kind into the votes app's call)
        self.call = Field("征集", w.Dropdown(layout=WIDE), required=True)
        self.forms = {"assign": [self.unit, self.co_units, self.key, self.supervisor, self.assigned_on],
                      "contact": [self.stage, self.way, self.contact_on, self.contact_note],
                      "co_opinion": [self.opinion_text],
                      "answer": [self.answer_class, self.answer_text, self.promised_on, self.answered_on],
                      "rate": [self.opinion, self.opinion_note], "fulfil": [self.done_on, self.evidence],
                      "to_project": [self.call]}
        self.form = w.VBox()
        self.submit = w.Button(description="提交", button_style="primary")
        self.submit.on_click(lambda _: self.take())
        self.step.observe(lambda _: self._show_form(), "value")
        self.actions = w.VBox([self.step, self.form, self.submit])
        super().__init__([w.HTML("<h4>办理经过</h4>"), self.history, self.cases, self.message, self.actions])
        self.add_class("lz-suggestion-handling")
        self.observe(lambda _: self.refresh(), "suggestion_id")
        self.refresh()

    @guarded
    def refresh(self) -> None:
        """The timeline, the cases, and the steps this user may take now."""
        if self.suggestion_id is None:
            self.history.value, self.cases.value = "", ""
            self.step.options, self.actions.layout.display = [], "none"
            return
        with self.db.reader() as s:
            steps, cases = timeline(s, self.suggestion_id), linked_cases(s, self.suggestion_id)
            allowed = next_steps(s, self.suggestion_id)
            calls = calls_for_suggestion(s, self.suggestion_id)
            units = [(name, i) for i, name in departments(s)]
        self.history.value = table_html(steps)
        self.cases.value = html("<p>来源群众意见：{}</p>", join(
            html("{}（{}）", n, f"群众确认：{word}" if word else "群众尚未确认") for n, _, word in cases) if cases else "（无）")
        if list(self.unit.control.options) != units:    # a unit chosen stays chosen (ipywidgets resets on new options)
            self.unit.control.options, self.co_units.control.options = units, units
        self.call.control.options = calls
        self.call.control.value = calls[0][1] if calls else None
        allowed += ["to_project"] if calls else []
        before = self.step.value
        self.step.options = [(STEP_LABELS.get(k, "纳入民生实事征集"), k) for k in allowed]
        self.step.value = before if before in allowed else (allowed[0] if allowed else None)
        self.actions.layout.display = "" if allowed else "none"
        self._show_form()

    def _show_form(self) -> None:
        self.form.children = self.forms.get(self.step.value, [])
        for f in self.form.children:
            f.set_error(None)

    def show_field_errors(self, e) -> None:
        fields = {f.label: f for f in self.forms.get(self.step.value, [])}
        for err in e.errors:
            target = fields.get(err.field) or next((f for k, f in fields.items() if err.field.startswith(k)), None)
            if target is not None:
                target.set_error(err.message)

    @guarded
    def take(self) -> None:
        """Take the chosen step with the form's values."""
        step, sid = self.step.value, self.suggestion_id
        if step is None or sid is None:
            return
        with self.db.unit_of_work() as s:
            if step == "assign":
                assign(s, sid, self.unit.value, list(self.co_units.value), self.key.value, self.supervisor.value,
                       self.assigned_on.value)
            elif step == "contact":
                record_contact(s, sid, self.stage.value, self.way.value, self.contact_on.value, self.contact_note.value)
            elif step == "co_opinion":
                co_opinion(s, sid, self.opinion_text.value)
            elif step == "answer":
                answer(s, sid, self.answer_class.value, self.answer_text.value, self.promised_on.value, self.answered_on.value)
            elif step == "rate":
                rate(s, sid, self.opinion.value, self.opinion_note.value)
            elif step == "fulfil":
                fulfil(s, sid, self.done_on.value, self.evidence.value)
            elif step == "to_project":
                propose_from_suggestion(s, self.call.value, sid)
        self.message.show(DONE[step] + "。", "ok")
        for f in (self.contact_note, self.opinion_text, self.answer_text, self.opinion_note, self.evidence, self.supervisor):
            f.value = ""
        self.changed += 1
        self.refresh()
