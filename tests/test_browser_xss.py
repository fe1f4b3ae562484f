"""Citizens' text is shown as text in staff pages, and the pages' policy would stop a script anyway."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from toolkit.core.db import Database
from toolkit.network.models import Deputy
from toolkit.network.qr import ensure_token
from toolkit.ops.server import CSP

from .browser import _shot, needs_chromium, open_case
from .public_site import public_pages  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, needs_chromium]

PAYLOAD = "<img src=x onerror=alert(1)>"
NAME = '<img src=y onerror="window.__xss=1">'


@pytest.fixture
def token(server):
    db = Database(server["db_url"])
    with db.unit_of_work() as s:
        value = ensure_token(s, s.scalar(select(Deputy).where(Deputy.station_id.is_not(None)).order_by(Deputy.id)))
    db.dispose()
    return value


def test_a_script_sent_from_the_qr_page_does_not_run_in_the_staff_page(server, public_pages, page, token):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(public_pages + f"d/{token}")
    page.fill("#content", "路灯坏了 " + PAYLOAD)
    page.fill("#name", NAME)
    page.click("button[type=submit]")
    number = page.inner_text(".receipt b >> nth=0")

    response = page.goto(server["base"] + "voila/render/cases.ipynb")
    assert response.headers["content-security-policy"] == CSP
    page.wait_for_selector(".lz-case-submit", timeout=60_000)
    open_case(page, number)
    page.wait_for_timeout(1500)          # time for an image error handler to have fired
    _shot(page, "xss-case-detail")
    summary = page.inner_text("body")
    assert PAYLOAD in summary and NAME in summary      # shown as the citizen typed it
    assert page.locator("img[src=x], img[src=y]").count() == 0
    assert dialogs == [] and page.evaluate("window.__xss") is None


def test_the_policy_refuses_an_inline_handler_even_if_markup_got_through(server, page):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(server["base"] + "voila/render/board.ipynb")
    page.wait_for_selector("text=各阶段在办件数", timeout=60_000)
    page.evaluate("""document.body.insertAdjacentHTML('beforeend',
                     '<img src=nothing-here onerror="window.__csp_broken=1">')""")
    page.wait_for_timeout(1500)
    assert page.evaluate("window.__csp_broken") is None
    assert violations, "the browser reports the refused handler"
    # the page itself needed no inline script: only the injected handler was refused
    assert all("inline event handler" in v or "script-src-attr" in v or "onerror" in v for v in violations), violations
