"""The QR code and the public page behind it: what it shows, what it accepts, floods refused."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from toolkit import NotFound, ToolkitError, create_deputy
from toolkit.cases.models import Case
from toolkit.cases.public_intake import deputy_card, submit_opinion
from toolkit.network.models import Deputy

PER_DEPUTY_PER_HOUR, PER_CLIENT_PER_HOUR = 60, 5   # the defaults (toolkit/core/settings.py)
from toolkit.network.qr import deputy_qr, ensure_token, intake_url, station_sheet

from .factories import id_number, record

NOW = datetime(2026, 5, 1, 10, 0)


@pytest.fixture
def token(session, network):
    d = session.get(Deputy, create_deputy(session, record(姓名="王建国")))
    return ensure_token(session, d)


def test_the_code_carries_an_opaque_token_not_the_id(session, token):
    assert len(token) >= 16 and intake_url(token).endswith(f"/d/{token}")


def test_png_and_svg_codes(session, network, token):
    did = session.scalar(select(Deputy.id))
    assert deputy_qr(session, did, "png").startswith(b"\x89PNG")
    assert b"<svg" in deputy_qr(session, did, "svg")


def test_the_station_sheet_has_a_card_per_deputy(session, network, token):
    create_deputy(session, record(姓名="李秀英", 性别="女", 身份证号=id_number("19800202", male=False),
                                  出生年月="1980-02"))
    page = station_sheet(session, "五松镇人大代表联络站")
    assert page.count('class="card"') == 2 and "王建国" in page and "@page { size: A4" in page
    assert "http" not in page.split("<body>")[1].split("data:image")[0]


def test_the_page_shows_only_name_and_station(session, token):
    assert deputy_card(session, token) == {"代表": "王建国", "联络站": "五松镇人大代表联络站"}


@pytest.mark.parametrize("bad", ["", "nonexistent", "' OR 1=1 --"])
def test_an_unknown_code_is_refused(session, network, bad):
    with pytest.raises(NotFound, match="二维码无效"):
        deputy_card(session, bad)
    with pytest.raises(NotFound):
        submit_opinion(session, bad, "路灯坏了", "城乡建设")


def test_an_opinion_becomes_a_collected_qr_case(session, token):
    number = submit_opinion(session, token, "路灯坏了", "城乡建设", "刘", "13812345678", "client-1", NOW)
    case = session.scalar(select(Case).where(Case.number == number))
    assert (case.channel, case.state, case.citizen_phone) == ("qr", "collected", "13812345678")
    assert case.intake_client and case.intake_client != "client-1"  # stored one-way


@pytest.mark.parametrize("content,said", [("", "请填写您想反映的问题或建议"), ("   ", "请填写您想反映的问题或建议"),
                                          ("字" * 2001, "内容过长（2001字）")])
def test_empty_or_overlong_text_is_refused_and_nothing_written(session, token, content, said, table_count):
    with pytest.raises(ToolkitError) as refused:
        submit_opinion(session, token, content, "其他", now=NOW)
    assert said in refused.value.message and "群众" not in refused.value.message     # the form's words
    assert table_count(session, Case) == 0


def test_floods_are_refused_per_client_and_per_deputy(session, token):
    for i in range(PER_CLIENT_PER_HOUR):
        submit_opinion(session, token, f"第{i}条", "其他", client="same", now=NOW + timedelta(minutes=i))
    with pytest.raises(ToolkitError, match="太频繁"):
        submit_opinion(session, token, "再来一条", "其他", client="same", now=NOW + timedelta(minutes=10))
    for i in range(PER_DEPUTY_PER_HOUR - PER_CLIENT_PER_HOUR):
        submit_opinion(session, token, f"第{i}条", "其他", client=f"c{i}", now=NOW + timedelta(minutes=20))
    with pytest.raises(ToolkitError, match="较多"):
        submit_opinion(session, token, "又一条", "其他", client="new", now=NOW + timedelta(minutes=30))
    assert submit_opinion(session, token, "一小时后", "其他", client="same", now=NOW + timedelta(hours=2))
    assert session.scalar(select(func.count(Case.id))) == PER_DEPUTY_PER_HOUR + 1


def test_a_lobby_tablet_gets_the_per_client_limit_the_city_set(session, token):
    from toolkit.core.settings import set_setting
    set_setting(session, "intake_per_client_hour", 7)
    for i in range(7):
        submit_opinion(session, token, f"大厅平板第{i}条", "其他", client="lobby", now=NOW + timedelta(minutes=i))
    with pytest.raises(ToolkitError, match="太频繁"):
        submit_opinion(session, token, "第八条", "其他", client="lobby", now=NOW + timedelta(minutes=9))
