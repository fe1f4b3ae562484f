"""The pairings app in Chromium: open it, log a contact for the most overdue pair, see it."""
from __future__ import annotations

import pytest

from .browser import _shot, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


def test_logging_a_contact_in_the_pairings_app(server, page):
    page.goto(server["base"] + "voila/render/pairings.ipynb")
    page.wait_for_selector(".lz-pair-pick select", timeout=60_000)
    assert "联系超期" in page.inner_text("body")
    options = page.locator(".lz-pair-pick select option").all_inner_texts()
    page.select_option(".lz-pair-pick select", label=options[1])
    page.fill(".lz-contact-topic input", "走访了解村道修缮进展")
    page.click(".lz-contact-save")
    page.wait_for_selector("text=已记录联系", timeout=20_000)
    page.wait_for_selector("td:text-is('走访了解村道修缮进展')", timeout=20_000)
    _shot(page, "pairings-contact")
    page.get_by_role("tab", name="建议方案").click()
    page.click(".lz-plan-make")
    page.wait_for_selector("text=首次适配方案", timeout=20_000)
    _shot(page, "pairings-plan")
    assert "Traceback" not in page.inner_text("body") and page.external == []


def test_the_votes_and_evaluation_apps_render(server, page):
    for app, hook in (("votes", ".lz-votes-app"), ("evaluations", ".lz-eval-ready")):
        page.goto(server["base"] + f"voila/render/{app}.ipynb")
        page.wait_for_selector(hook, state="attached", timeout=60_000)
        body = page.inner_text("body")
        assert "model not found" not in body and "页面加载时出错" not in body
        _shot(page, f"app-{app}")
