"""The evaluations app and the kiosk, driven from Python."""
from datetime import date, timedelta

from sqlalchemy import select

from widgets import EvaluationsApp


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
