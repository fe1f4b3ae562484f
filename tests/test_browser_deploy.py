"""Serving beyond one machine, in a real browser: the public instance serves only the public pages,
and a staff server behind an authenticating proxy knows its visitor from the proxy's header alone."""
from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from toolkit.audit_models import AuditEntry
from toolkit.case_models import Case
from toolkit.cli import main as liaison
from toolkit.db import Database
from toolkit.models import Deputy
from toolkit.qr import ensure_token
from toolkit.server import jupyter_path, notebooks_dir, voila_command, wait_until_up
from toolkit.users import add_user

from .browser import _free_port, _shot, needs_chromium

pytestmark = needs_chromium


def _start(cmd: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(cmd, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(15)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("deploy")
    url = f"sqlite:///{root / 'demo.sqlite3'}"
    assert liaison(["init", "--demo", "small", "--db", url]) == 0
    return url, root


def _status(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=30).status
    except urllib.error.HTTPError as e:
        return e.code


def test_the_public_instance_serves_the_intake_page_and_no_staff_app(demo_url, page):
    url, root = demo_url
    db = Database(url)
    with db.unit_of_work() as s:
        token = ensure_token(s, s.scalar(select(Deputy).where(Deputy.station_id.is_not(None)).order_by(Deputy.id)))
    port = _free_port()
    liaison_cmd = str(Path(sys.executable).parent / "liaison")
    # The deployment's own command (preheated, as in production), the intake page only.
    proc = _start([liaison_cmd, "serve", "--public", "--pages", "intake", "--port", str(port), "--db", url],
                  dict(os.environ, LIAISON_AUTH="local"), root / "public.log")
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(base)
        assert _status(base + "voila/render/cases.ipynb") == 404
        assert _status(base + "voila/render/admin.ipynb") == 404
        page.goto(base)
        landing = page.inner_text("body")
        assert "扫码留言" in landing and "社情民意闭环" not in landing and "系统管理" not in landing
        page.goto(base + f"voila/render/intake.ipynb?d={token}")
        page.wait_for_selector(".lz-intake-content textarea", timeout=90_000)
        page.fill(".lz-intake-content textarea", "公开服务：小区门口的路灯坏了")
        page.click(".lz-intake-submit")
        page.wait_for_selector(".lz-receipt", timeout=30_000)
        number = page.inner_text(".lz-receipt")
        _shot(page, "public-instance-intake")
        assert page.external == []
    finally:
        _stop(proc)
    with db.reader() as s:
        case = s.scalar(select(Case).where(Case.number == number))
        assert case.content == "公开服务：小区门口的路灯坏了" and case.channel == "qr"
        # written as the public, never as an administrator
        assert s.scalar(select(AuditEntry.actor).where(AuditEntry.entity == "citizen_case",
                                                       AuditEntry.entity_id == case.id)) == "public"
    db.dispose()


def test_behind_a_proxy_the_header_names_the_user_and_nothing_else_does(demo_url, browser):
    url, root = demo_url
    db = Database(url)
    with db.unit_of_work() as s:
        add_user(s, "wang.city", "王市管", "city_admin")
    db.dispose()
    apps = root / "proxied"
    apps.mkdir()
    (apps / "admin.ipynb").write_text((notebooks_dir() / "admin.ipynb").read_text(encoding="utf-8"), encoding="utf-8")
    port = _free_port()
    # What `liaison serve` runs with LIAISON_AUTH=header: the header passed into preheated kernels.
    cmd = voila_command(port, preheat=True, root=apps, headers=("X-Remote-User",))
    env = dict(os.environ, JUPYTER_PATH=jupyter_path(), LIAISON_DB_URL=url, LIAISON_AUTH="header")
    proc = _start(cmd, env, root / "proxied.log")
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(base)
        for header, expected in (({"X-Remote-User": "wang.city"}, "当前用户：王市管（市级管理员）"),
                                 ({"X-Remote-User": "nobody"}, "账号「nobody」尚未开通或已停用"),
                                 ({}, "未能识别您的身份")):
            context = browser.new_context(extra_http_headers=header, viewport={"width": 1400, "height": 900})
            pg = context.new_page()
            # The query string is the visitor's own: it must not name a user.
            pg.goto(base + "voila/render/admin.ipynb?user=wang.city&JUPYTERHUB_USER=wang.city")
            pg.wait_for_selector(f"text={expected}", timeout=90_000)
            body = pg.inner_text("body")
            assert "Traceback" not in body
            if header.get("X-Remote-User") == "wang.city":
                assert "用户与权限" in body and "wang.city" in body
                _shot(pg, "admin-behind-proxy")
            else:
                assert "用户与权限" not in body
            context.close()
    finally:
        _stop(proc)
