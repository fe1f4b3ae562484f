"""The evaluations app and the kiosk, driven from Python."""
from datetime import date, timedelta

from sqlalchemy import func, select

from toolkit.evaluations.models import EvalResponse
from widgets import EvaluationsApp, KioskPage


def _round(app, rater="citizens"):
    app.setup.name.value, app.setup.rater_kind.value = "一季度部门测评", rater
    app.setup.items.value = "答复是否及时\n问题是否解决"
    app.setup.create_button.click()
    assert app.setup.message.kind == "ok", app.setup.message.text
    app.setup.all_depts.click()
    return app.rounds.value


def test_setting_up_a_round_with_codes_and_results(demo_db):
    app = EvaluationsApp(demo_db)
    app.setup.name.value = ""
    app.setup.create_button.click()
    assert app.setup.message.kind == "error"
    rid = _round(app)
    assert len(app.results.ranking) > 5
    app.issuing.code_count.value = 3
    app.issuing.code_button.click()
    assert len(app.issuing.codes) == 3 and "测评码.html" in app.issuing.code_links.value and f"r={rid}" in app.issuing.code_links.value
    app.results.export_button.click()
    assert "测评结果.xlsx" in app.results.result_links.value
    app.results.close_button.click()
    assert "已结束" in app.results.result_message.text
    app.results.close_button.click()
    assert app.results.result_message.kind == "error"


def test_the_kiosk_takes_two_respondents_one_after_another(demo_db):
    app = EvaluationsApp(demo_db)
    rid = _round(app)
    app.issuing.code_count.value = 2
    app.issuing.code_button.click()
    kiosk = KioskPage(demo_db, round_id=rid, code="")
    for code, verdict in zip(app.issuing.codes, ["满意", "不满意"]):
        kiosk.code.value = code
        kiosk.start.click()
        first_target = kiosk.screen.children[1]
        first_target.click()
        kiosk.verdicts[verdict].click()
        list(kiosk.items.values())[0].value = 4
        kiosk.comment.value = f"意见{verdict}"
        kiosk.send_button.click()
        assert kiosk.message.kind == "ok", kiosk.message.text
        assert kiosk.code.value == ""  # back to the start for the next one
    kiosk.code.value = app.issuing.codes[0]
    kiosk.start.click()
    kiosk.screen.children[1].click()
    kiosk.verdicts["满意"].click()
    kiosk.send_button.click()
    assert kiosk.message.kind == "error" and "只能评价一次" in kiosk.message.text
    with demo_db.reader() as s:
        assert s.scalar(select(func.count(EvalResponse.id)).where(EvalResponse.round_id == rid)) == 2
    app.results.show_results()
    top = app.results.ranking.set_index("测评对象").loc[first_target.description]
    assert (top["满意"], top["不满意"], top["满意率"]) == (1, 1, 0.5)
    assert "意见满意" in app.results.notes.value and "意见不满意" in app.results.notes.value


def test_a_forged_code_and_idle_timeout_send_the_kiosk_back(demo_db):
    app = EvaluationsApp(demo_db)
    rid = _round(app)
    kiosk = KioskPage(demo_db, round_id=rid, code="FORGED99")
    kiosk.start.click()
    kiosk.screen.children[1].click()
    kiosk.verdicts["满意"].click()
    kiosk.send_button.click()
    assert "测评码无效" in kiosk.message.text and kiosk.screen.children[-1] is kiosk.start
    kiosk.start.click()
    for _ in range(60):
        kiosk.idle.value += 1
    assert kiosk.screen.children[-1] is kiosk.start


def test_deputies_answers_are_entered_once(demo_db):
    app = EvaluationsApp(demo_db)
    app.setup.name.value, app.setup.rater_kind.value, app.setup.target_kind.value = "述职测评", "deputies", "report"
    app.setup.opens.value = date.today() - timedelta(days=1)
    app.setup.create_button.click()
    app.setup.target_label.value = "某代表述职"
    app.setup.add_button.click()
    from toolkit.network.models import Deputy
    with demo_db.reader() as s:
        name = s.scalar(select(Deputy.name).order_by(Deputy.id))
    app.entry.entry_deputy.text.value = name
    app.entry.entry_button.click()
    assert app.entry.entry_message.kind == "ok", app.entry.entry_message.text
    app.entry.entry_button.click()
    assert "只能评价一次" in app.entry.entry_message.text


def test_a_kiosk_link_to_no_round_shows_a_notice(demo_db):
    kiosk = KioskPage(demo_db, round_id=0)
    assert kiosk.message.kind == "error" and "测评（编号0）不存在" in kiosk.message.text
