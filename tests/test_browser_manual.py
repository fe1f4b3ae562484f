"""The pictures of the staff guide (docs/使用手册.md): each app as staff first see it, taken from a
live Voilà server in Chromium. `LIAISON_MANUAL_SHOTS=1 pytest tests/test_browser_manual.py` writes
them into docs/images/ (what the guide shows).

It runs only when asked: every app's opening, in Chinese, with nothing loaded from outside, is
checked by the browser test of its own area (test_browser*.py), and nine more kernels cost the
suite 100 s."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from .browser import needs_chromium, open_case

pytestmark = [pytest.mark.browser, needs_chromium,
              pytest.mark.skipif(os.environ.get("LIAISON_MANUAL_SHOTS") != "1",
                                 reason="the guide's pictures are remade with LIAISON_MANUAL_SHOTS=1")]
GUIDE = Path(__file__).resolve().parent.parent / "docs" / "images"
APPS = [("enrolment", "代表编组进站"), ("cases", "社情民意闭环"), ("pairings", "三联结对"), ("evaluations", "满意度测评"),
        ("votes", "民生实事项目票决"), ("duty", "履职活动与档案"), ("board", "办理进度追踪图"), ("admin", "系统管理")]


def _shot(page, name: str) -> None:
    GUIDE.mkdir(exist_ok=True)
    page.screenshot(path=str(GUIDE / f"{name}.png"))


def test_each_app_opens_in_chinese_with_nothing_from_outside(server, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    for notebook, title in APPS:
        page.goto(server["base"] + f"voila/render/{notebook}.ipynb")
        page.wait_for_selector("text=各阶段在办件数" if notebook == "board" else ".lz-user", timeout=90_000)
        page.wait_for_timeout(500)                 # the first tab's table arrives just after the heading
        body = page.inner_text("body")
        assert title in page.title() + body and "Traceback" not in body and "Error" not in body
        _shot(page, f"manual-{notebook}")
    page.goto(server["base"] + "voila/render/cases.ipynb")
    page.wait_for_selector(".lz-user", timeout=90_000)
    open_case(page, _a_case_number(server))
    _shot(page, "manual-case-page")
    assert page.external == []


def _a_case_number(server) -> str:
    from sqlalchemy import select

    from toolkit.cases.models import Case
    from toolkit.core.db import Database
    db = Database(server["db_url"])
    try:
        with db.reader() as s:
            return s.scalar(select(Case.number).where(Case.state == "assigned").order_by(Case.id))
    finally:
        db.dispose()
