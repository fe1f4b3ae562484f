"""代表个人页面 from a real server on both databases, by the command-line contract: `liaison deputy link NAME
[--station PATH] [--revoke]` prints the address on LIAISON_PUBLIC_URL (only a keyed hash is kept);
opening it shows the deputy's own opinions newest first with number and state; a wrong or revoked
link shows no data."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from toolkit.admin.link_models import PersonalLink
from toolkit.cases.models import Case
from toolkit.cases.services import Opinion, intake
from toolkit.network.deputies import create_deputy
from toolkit.network.models import Deputy, Station
from toolkit.ops.cli import main

from .browser import _shot, needs_chromium
from .factories import id_number, record
from .public_site import Browser, site  # noqa: F401  (the fixture)

PUBLIC = "https://rd.example.gov.cn/"


@pytest.fixture
def deputy(site, monkeypatch):  # noqa: F811
    """A deputy of the demo with three opinions of their own (the newest assigned to them) and one of
    another deputy; the database's URL for the command line."""
    monkeypatch.setenv("LIAISON_PUBLIC_URL", PUBLIC)
    db = site["db"]
    with db.unit_of_work() as s:
        d = s.scalar(select(Deputy).where(Deputy.station_id.is_not(None)).order_by(Deputy.id))
        other = s.scalar(select(Deputy.id).where(Deputy.station_id.is_not(None), Deputy.id != d.id).order_by(Deputy.id))
        start = datetime(2026, 12, 1, 9)
        mine = [intake(s, Opinion(f"意见{i}<img src=x onerror=alert(1)>", deputy_id=d.id, channel="qr"),
                       at=start + timedelta(hours=i)).number for i in range(3)]
        theirs = intake(s, Opinion("别人的意见", deputy_id=other), at=start).number
        name = d.name
    return {**site, "name": name, "mine": mine, "theirs": theirs,
            "url": db.engine.url.render_as_string(hide_password=False)}


def _link(deputy, capsys, *extra) -> str:
    assert main(["deputy", "link", deputy["name"], "--db", deputy["url"], *extra]) == 0
    return capsys.readouterr().out.strip()


def test_the_address_opens_the_deputys_own_opinions_newest_first(deputy, capsys):
    address = _link(deputy, capsys)
    assert address.startswith(f"{PUBLIC}m/") and len(address.rsplit("/", 1)[1]) >= 32
    status, _, page = Browser().open(f"{deputy['base']}/m/{address.rsplit('/', 1)[1]}")
    assert status == 200 and f"{deputy['name']} 代表" in page
    shown = re.findall(r'href="/m/c/([A-Z]+-\d{4}-\d+)"', page)
    assert shown[:3] == deputy["mine"][::-1] and deputy["theirs"] not in shown       # newest first, only theirs
    assert "状态：建账" in page and "<img" not in page and "意见0" not in page            # states; no citizen's text
    with deputy["db"].reader() as s:
        hashes = s.scalars(select(PersonalLink.token_hash)).all()
    assert address.rsplit("/", 1)[1] not in " ".join(hashes)                         # only a keyed hash is kept


def test_a_wrong_or_revoked_link_shows_no_data(deputy, capsys):
    address = _link(deputy, capsys)
    token = address.rsplit("/", 1)[1]
    status, _, page = Browser().open(f"{deputy['base']}/m/{'A' * 32}")
    assert status == 403 and "链接无效或已失效" in page and deputy["mine"][0] not in page
    assert main(["deputy", "link", deputy["name"], "--revoke", "--db", deputy["url"]]) == 0
    assert "已撤销该代表的1个个人链接" in capsys.readouterr().out
    status, _, page = Browser().open(f"{deputy['base']}/m/{token}")
    assert status == 403 and deputy["mine"][0] not in page
    assert Browser().open(f"{deputy['base']}/m")[0] == 403                              # no cookie, no data


def test_a_name_twice_needs_the_station_and_an_unknown_one_is_refused(deputy, capsys):
    with deputy["db"].unit_of_work() as s:
        station = s.scalar(select(Station).where(Station.kind == "village_point").order_by(Station.id.desc()))
        create_deputy(s, record(姓名=deputy["name"], 身份证号=id_number(), 所属联络站=station.name))
        path_name = station.name
    assert main(["deputy", "link", deputy["name"], "--db", deputy["url"]]) == 2
    assert "请用 --station 指明所在站点" in capsys.readouterr().err
    assert _link(deputy, capsys, "--station", path_name).startswith(f"{PUBLIC}m/")
    assert main(["deputy", "link", "无此代表", "--db", deputy["url"]]) == 2
    assert "找不到名为「无此代表」的代表" in capsys.readouterr().err


@needs_chromium
def test_the_page_at_360_px_without_javascript(deputy, capsys, browser):
    token = _link(deputy, capsys).rsplit("/", 1)[1]
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{deputy['base']}/m/{token}")
    assert page.locator("h3").count() >= 3 and page.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(page, "deputy-page-360-nojs")
    page.goto(f"{deputy['base']}/m")                                                  # the cookie keeps the link
    assert page.locator("h1", has_text="代表").count() == 1
    context.close()
    with deputy["db"].reader() as s:
        assert s.scalar(select(Case.id).where(Case.number == deputy["mine"][0]))


def test_the_deputy_replies_and_the_citizen_reads_it_on_the_lookup_page(deputy, capsys):
    base = deputy["base"]
    token = _link(deputy, capsys).rsplit("/", 1)[1]
    b = Browser()
    b.open(f"{base}/m/{token}")                                           # the link's cookie for /m
    number = deputy["mine"][0]
    status, _, page = b.open(f"{base}/m/c/{number}")
    assert status == 200 and "意见0&lt;img src=x" in page and "<img src=x" not in page   # the citizen's words, escaped
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page).group(1)
    status, headers, _ = b.open(f"{base}/m/c/{number}", {"_xsrf": xsrf, "words": "我已联系社区，本周内修复。<b>x</b>",
                                                         "kind": "reply"})
    assert status == 303 and headers["Location"].endswith("?done=reply")
    b.open(f"{base}/m/c/{number}", {"_xsrf": xsrf, "words": "私下记：需再跟进", "kind": "note"})
    status, _, page = b.open(f"{base}/m/c/{number}?done=note")
    assert "代表回复群众：我已联系社区，本周内修复。&lt;b&gt;x&lt;/b&gt;" in page and "代表备注：私下记：需再跟进" in page
    status, _, refused = b.open(f"{base}/m/c/{number}", {"_xsrf": xsrf, "words": "长" * 501, "kind": "reply"})
    assert status == 400 and "不超过500字" in refused
    assert b.open(f"{base}/m/c/{deputy['theirs']}")[0] == 404            # another deputy's opinion
    assert Browser().open(f"{base}/m/c/{number}")[0] == 403              # no link, no case
    with deputy["db"].unit_of_work() as s:
        from toolkit.cases.lookup_codes import issue_lookup_code
        code = issue_lookup_code(s, number)
    citizen = Browser()
    _, _, form = citizen.open(f"{base}/q?n={number}")
    status, _, shown = citizen.open(f"{base}/q", {"_xsrf": re.search(r'name="_xsrf" value="([^"]+)"', form).group(1),
                                                  "number": number, "proof": code})
    assert status == 200 and "代表的回复" in shown and "本周内修复。&lt;b&gt;" in shown and "代表回复您" in shown
    assert "私下记" not in shown and "代表备注" not in shown


def test_staff_issue_and_revoke_a_deputys_link_with_one_click(demo_db, monkeypatch):
    from toolkit.admin.links import link_holder
    from toolkit.core.errors import NotFound
    from widgets.enrolment.app import EnrolmentApp

    from .factories.widgets import click

    monkeypatch.setenv("LIAISON_PUBLIC_URL", PUBLIC)
    app = EnrolmentApp(demo_db)
    panel = app.links
    click(panel.issue_button)
    assert "请先在上方「选中代表」中选择一名代表" in panel.message.value and panel.address.value == ""
    with demo_db.reader() as s:
        deputy = s.scalar(select(Deputy.id).where(Deputy.station_id.is_not(None)).order_by(Deputy.id))
    app.deputies.selected_id = deputy
    click(panel.issue_button)
    token = re.search(rf"{re.escape(PUBLIC)}m/([A-Za-z0-9_-]+)", panel.address.value).group(1)
    with demo_db.unit_of_work() as s:
        assert link_holder(s, token).deputy_id == deputy
    click(panel.revoke_button)
    assert "已撤销该代表的1个个人链接" in panel.message.value and panel.address.value == ""
    with demo_db.unit_of_work() as s, pytest.raises(NotFound):
        link_holder(s, token)


def test_guessing_links_is_counted_and_stopped_even_for_a_right_one_later(deputy, capsys):
    from toolkit.core.settings import set_setting

    with deputy["db"].unit_of_work() as s:
        set_setting(s, "link_failures_per_client_hour", 3)
    token = _link(deputy, capsys).rsplit("/", 1)[1]
    for n in range(3):
        assert Browser().open(f"{deputy['base']}/m/{'B' * 31}{n}")[0] == 403
    assert Browser().open(f"{deputy['base']}/g/{'C' * 32}")[0] == 303          # the grid page's sign-in only sets the cookie
    status, _, page = Browser().open(f"{deputy['base']}/m/{token}")
    assert status == 429 and "尝试次数过多" in page and deputy["mine"][0] not in page


def test_the_page_lists_the_suggestions_the_deputy_leads_or_co_signs(deputy, capsys):
    from toolkit.suggestions.handling import SuggestionForm, propose

    with deputy["db"].unit_of_work() as s:
        me = s.scalar(select(Deputy.id).where(Deputy.name == deputy["name"]).order_by(Deputy.id))
        other = s.scalar(select(Deputy.id).where(Deputy.id != me, Deputy.station_id.is_not(None)).order_by(Deputy.id))
        led = propose(s, SuggestionForm("关于<增设>公交站台的建议", "站台不足", me)).number
        signed = propose(s, SuggestionForm("关于老旧小区改造的建议", "管网老化", other, cosigner_ids=[me])).number
        theirs = propose(s, SuggestionForm("关于别人的建议", "无关", other)).number
    token = _link(deputy, capsys).rsplit("/", 1)[1]
    status, _, page = Browser().open(f"{deputy['base']}/m/{token}")
    assert status == 200 and "我的建议" in page
    assert f"{led} · 领衔" in page and f"{signed} · 附议" in page and theirs not in page
    assert "关于&lt;增设&gt;公交站台的建议" in page and "状态：未交办" in page
