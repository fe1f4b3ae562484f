"""The opinion loop end to end in Chromium: a citizen scans (the public pages), staff find the case and close it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from toolkit.core.db import Database
from toolkit.network.models import Deputy
from toolkit.network.qr import ensure_token

from .browser import _shot, needs_chromium, open_case
from .public_site import public_pages  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def token(server):
    db = Database(server["db_url"])
    with db.unit_of_work() as s:
        deputy = s.scalar(select(Deputy).where(Deputy.station_id.is_not(None)).order_by(Deputy.id))
        value = ensure_token(s, deputy)
    db.dispose()
    return value


def test_a_citizen_opinion_from_the_qr_page_is_closed_by_staff(server, public_pages, page, token):
    page.goto(public_pages + f"d/{token}")
    page.fill("#content", "小区门口的路灯坏了，晚上很黑")
    page.click("button[type=submit]")
    number = page.inner_text(".receipt b >> nth=0")
    assert number.startswith("TL-")
    _shot(page, "qr-intake-receipt")

    page.goto(server["base"] + "voila/render/cases.ipynb")
    page.wait_for_selector(".lz-case-submit", timeout=60_000)
    open_case(page, number)
    for action in ("register", "resolve_on_site", "conclude"):
        if action == "resolve_on_site":           # an answer needs its text: the citizen reads it
            page.fill(".lz-case-note input", "已联系社区电工修好路灯")
        page.click(f".lz-act-{action}")
        page.wait_for_selector(f".lz-act-{action}", state="detached", timeout=20_000)
    page.wait_for_selector("text=当前状态：办结", timeout=20_000)
    _shot(page, "case-concluded")
    body = page.inner_text("body")
    assert "就地办结" in body and "Traceback" not in body
    assert page.external == []


def test_the_board_shows_no_personal_data_in_the_browser(server, page):
    page.goto(server["base"] + "voila/render/board.ipynb")
    page.wait_for_selector("text=各阶段在办件数", timeout=60_000)
    _shot(page, "progress-board")
    text = page.inner_text("body")
    assert "联系电话" not in text and "反映人" not in text
    assert page.external == []


def test_every_code_on_a_printed_card_sheet_is_a_real_image(server, page, tmp_path):
    from toolkit.network.qr import station_sheet
    db = Database(server["db_url"])
    with db.unit_of_work() as s:
        sheet = station_sheet(s, "幸福街道人大代表联络站")
    db.dispose()
    path = tmp_path / "cards.html"
    path.write_text(sheet, encoding="utf-8")
    page.goto(path.as_uri())
    widths = page.eval_on_selector_all(".code img", "imgs => imgs.map(i => i.naturalWidth)")
    assert widths and all(w > 0 for w in widths)
    _shot(page, "qr-card-sheet")
