"""The opinion loop end to end in Chromium: a citizen scans, staff find the case and close it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from toolkit.core.db import Database
from toolkit.network.models import Deputy
from toolkit.network.qr import ensure_token

from .browser import _shot, needs_chromium, open_case

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def token(server):
    db = Database(server["db_url"])
    with db.unit_of_work() as s:
        deputy = s.scalar(select(Deputy).where(Deputy.station_id.is_not(None)).order_by(Deputy.id))
        value = ensure_token(s, deputy)
    db.dispose()
    return value


def test_a_citizen_opinion_from_the_qr_page_is_closed_by_staff(server, page, token):
    page.goto(server["base"] + f"voila/render/intake.ipynb?d={token}")
    page.wait_for_selector(".lz-intake-content textarea", timeout=60_000)
    assert page.locator(".liaison-nav a").count() == 0  # no staff navigation on the public page
    page.fill(".lz-intake-content textarea", "小区门口的路灯坏了，晚上很黑")
    page.click(".lz-intake-submit")
    page.wait_for_selector(".lz-receipt", timeout=20_000)
    number = page.inner_text(".lz-receipt")
    assert number.startswith("TL-")
    _shot(page, "qr-intake-receipt")

    page.goto(server["base"] + "voila/render/cases.ipynb")
    page.wait_for_selector(".lz-case-submit", timeout=60_000)
    open_case(page, number)
    for action in ("register", "resolve_on_site", "conclude"):
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


def test_a_forged_qr_link_shows_a_notice_only(server, page):
    page.goto(server["base"] + "voila/render/intake.ipynb?d=forged")
    page.wait_for_selector("text=二维码无效", timeout=60_000)
    assert page.locator(".lz-intake-content").count() == 0 or not page.locator(".lz-intake-content").is_visible()


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


def test_the_phone_pages_fit_a_360_pixel_screen(server, browser, token):
    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        pg = phone.new_page()
        pg.goto(server["base"] + f"voila/render/intake.ipynb?d={token}")
        pg.wait_for_selector(".lz-intake-content textarea", timeout=60_000)
        pg.wait_for_timeout(1000)                      # widths are set by the widgets' script
        box = pg.locator(".lz-intake-content textarea").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
        assert pg.evaluate("document.documentElement.scrollWidth") <= 360
        _shot(pg, "qr-intake-360")
        pg.goto(server["base"] + "voila/render/ballot.ipynb")
        pg.wait_for_selector(".lz-kiosk-code input", timeout=60_000)
        pg.wait_for_timeout(1000)
        box = pg.locator(".lz-kiosk-code input").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
        _shot(pg, "ballot-360")
    finally:
        phone.close()
