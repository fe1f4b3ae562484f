"""The duty app in Chromium: the standards table, then one deputy's archive."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from toolkit.core.db import Database
from toolkit.network.models import Deputy

from .browser import _shot, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


def test_the_duty_app_and_a_deputys_archive(server, page):
    db = Database(server["db_url"])
    with db.reader() as s:
        name = s.scalar(select(Deputy.name).where(Deputy.id == 10))
    db.dispose()
    page.goto(server["base"] + "voila/render/duty.ipynb")
    page.wait_for_selector(".lz-duty-ready", timeout=60_000)
    _shot(page, "duty-activities")
    page.get_by_role("tab", name="履职标准").click()
    page.locator(".lz-std-period input").first.fill("2025")
    page.get_by_role("button", name="对照标准").click()
    page.wait_for_selector("text=名有未达标项", timeout=30_000)
    _shot(page, "duty-standards")
    page.get_by_role("tab", name="电子履职档案").click()
    box = page.locator(".widget-text input[placeholder='输入姓名查找']:visible")
    box.fill(name)
    box.press("Enter")
    page.wait_for_function("name => [...document.querySelectorAll('select option')].some(o => o.textContent.startsWith(name))",
                           arg=name, timeout=20_000)
    page.locator(".lz-archive-show").click()
    page.wait_for_selector(".lz-archive-title", timeout=30_000)
    _shot(page, "duty-archive")
    body = page.inner_text("body")
    assert f"{name}代表电子履职档案（全部）" in body and "履职活动（进站）" in body and "档案（PDF）" in body
    assert page.external == []
