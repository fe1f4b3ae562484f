"""Each app builds only its first tab when the page opens; another tab is built the first time it
is shown (or used), and a change elsewhere refreshes only the tabs already built."""
import pytest

from widgets import AdminApp, CasesApp, DutyApp, EnrolmentApp, EvaluationsApp, PairingsApp, VotesApp
from widgets.pieces.lazy_tabs import LazyTabs

from .factories import record

APPS = [EnrolmentApp, CasesApp, PairingsApp, EvaluationsApp, VotesApp, DutyApp, AdminApp]


def _tabs(app) -> LazyTabs:
    return app if isinstance(app, LazyTabs) else app.tabs


@pytest.mark.parametrize("app_class", APPS, ids=lambda c: c.__name__)
def test_only_the_first_tab_is_built_until_another_is_opened(demo_db, app_class):
    tabs = _tabs(app_class(demo_db))
    count = len(tabs.children)
    assert tabs.built(0) and not any(tabs.built(i) for i in range(1, count))
    assert tabs.children[0].children and not any(box.children for box in tabs.children[1:])
    last = count - 1
    tabs.selected_index = last                    # what clicking the tab sends from the browser
    assert tabs.built(last) and tabs.children[last].children == (tabs.panel(last),)
    assert not any(tabs.built(i) for i in range(1, last))


def test_a_tab_is_built_once(demo_db):
    app = DutyApp(demo_db)
    app.selected_index = 2
    points = app.points
    app.selected_index, app.selected_index = 0, 2
    assert app.points is points and app.children[2].children == (points,)


def _add_deputy(app, name: str) -> None:
    app.new_button.click()
    station = next(v for _, v in app.form.fields["所属联络站"].control.options if v.endswith("幸福街道人大代表联络站"))
    for column, value in record(姓名=name, 所属联络站=station).items():
        app.form.fields[column].value = value
    app.form.save_button.click()
    assert app.form.message.kind == "ok", app.form.message.text


def test_a_change_refreshes_the_tabs_already_built_and_builds_no_other(demo_db):
    app = EnrolmentApp(demo_db)
    before = app.coverage.summary["代表总数"]        # the coverage tab opened first
    _add_deputy(app, "欧阳新华")
    assert app.coverage.summary["代表总数"] == before + 1
    other = EnrolmentApp(demo_db)
    _add_deputy(other, "欧阳新民")
    assert not other.built(4) and not other.built(3)  # saving built the form only
    assert other.coverage.summary["代表总数"] == before + 2   # built now, from the database as it is
