"""Serving beyond one machine, in a real browser: the public instance serves only the public pages,
and a staff server behind an authenticating proxy knows its visitor from the proxy's header alone."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from toolkit.admin.identity import PROXY_HEADER
from toolkit.admin.users import add_user
from toolkit.cases.models import Case
from toolkit.core.audit_models import AuditEntry
from toolkit.core.db import Database
from toolkit.network.models import Deputy
from toolkit.network.qr import ensure_token
from toolkit.ops.cli import main as liaison
from toolkit.ops.ports import free_port
from toolkit.ops.server import CSP, jupyter_path, notebooks_dir, voila_command, wait_until_up

from .browser import _shot, needs_chromium

pytestmark = needs_chromium
ROOT = Path(__file__).resolve().parent.parent
PROXY_SECRET = "test-proxy-secret-0123456789"
PUBLIC_SECRET = "test-public-secret-9876543210"


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
    except OSError:       # not listening yet
        return 0


@pytest.fixture(scope="module")
def public_server(demo_url):
    """`liaison serve --public` as deployed: two workers, the QR and lookup pages only, the proxy's
    secret known. Yields (base URL, port, a QR token)."""
    url, root = demo_url
    db = Database(url)
    with db.unit_of_work() as s:
        token = ensure_token(s, s.scalar(select(Deputy).where(Deputy.station_id.is_not(None)).order_by(Deputy.id)))
    db.dispose()
    port = free_port()
    liaison_cmd = str(Path(sys.executable).parent / "liaison")
    proc = _start([liaison_cmd, "serve", "--public", "--workers", "2", "--pages", "intake,lookup", "--port", str(port),
                   "--db", url], dict(os.environ, LIAISON_PUBLIC_PROXY_SECRET=PUBLIC_SECRET), root / "public.log")
    base = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        if _status(base + "static/public.css") == 200:
            break
        time.sleep(0.1)
    yield base, port, token
    _stop(proc)
    assert "Traceback" not in (root / "public.log").read_text(encoding="utf-8")


def test_the_public_instance_serves_its_pages_and_nothing_else(demo_url, public_server, page):
    url, root = demo_url
    base, _, token = public_server
    assert (root / "public.log").read_text(encoding="utf-8").startswith("群众公开页面（2个工作进程）：")
    for other in ("b", "k?r=1", "voila/render/cases.ipynb", "voila/render/admin.ipynb", "voila/render/ballot.ipynb?c=X"):
        assert _status(base + other) == 404, other
    page.goto(base + f"voila/render/intake.ipynb?d={token}")       # a printed card's address
    page.fill("#content", "公开服务：小区门口的路灯坏了")
    page.click("button[type=submit]")
    number = page.inner_text(".receipt b >> nth=0")
    _shot(page, "public-instance-intake")
    assert page.external == []
    db = Database(url)
    with db.reader() as s:
        case = s.scalar(select(Case).where(Case.number == number))
        assert case.content == "公开服务：小区门口的路灯坏了" and case.channel == "qr"
        # written as the public, never as an administrator
        assert s.scalar(select(AuditEntry.actor).where(AuditEntry.entity == "citizen_case",
                                                       AuditEntry.entity_id == case.id)) == "public"
    db.dispose()


@pytest.fixture(scope="module")
def proxied(demo_url):
    """The admin app served as `liaison serve` serves it with LIAISON_AUTH=header (the proxy's
    header passed into preheated kernels); one known user, wang.city. Yields its base URL."""
    url, root = demo_url
    db = Database(url)
    with db.unit_of_work() as s:
        add_user(s, "wang.city", "王市管", "city_admin")
    db.dispose()
    apps = root / "proxied"
    apps.mkdir()
    (apps / "admin.ipynb").write_text((notebooks_dir() / "admin.ipynb").read_text(encoding="utf-8"), encoding="utf-8")
    port = free_port()
    cmd = voila_command(port, preheat=True, root=apps, headers=("X-Remote-User", PROXY_HEADER))
    env = dict(os.environ, JUPYTER_PATH=jupyter_path(), LIAISON_DB_URL=url, LIAISON_AUTH="header",
               LIAISON_PROXY_SECRET=PROXY_SECRET)
    proc = _start(cmd, env, root / "proxied.log")
    base = f"http://127.0.0.1:{port}/"
    wait_until_up(base)
    yield base, port
    _stop(proc)


def _signed_in_as(browser, url: str, expected: str, **context) -> str:
    """Open `url` in a fresh browser context and wait for `expected`; returns the page's text.
    The query string is the visitor's own, so it tries to name a user too: it must not count."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, **context)
    try:
        pg = ctx.new_page()
        pg.goto(url + "voila/render/admin.ipynb?user=wang.city&JUPYTERHUB_USER=wang.city")
        try:
            pg.wait_for_selector(f"text={expected}", timeout=90_000)
        except Exception:
            _shot(pg, "proxy-failure")
            raise
        body = pg.inner_text("body")
        if "用户与权限" in body:
            _shot(pg, "admin-behind-proxy")
        return body
    finally:
        ctx.close()


def test_behind_a_proxy_the_header_names_the_user_and_nothing_else_does(proxied, browser):
    base, _ = proxied
    proxy = {PROXY_HEADER: PROXY_SECRET}
    body = _signed_in_as(browser, base, "当前用户：王市管（市级管理员）", extra_http_headers={"X-Remote-User": "wang.city", **proxy})
    assert "用户与权限" in body and "wang.city" in body and "Traceback" not in body
    body = _signed_in_as(browser, base, "账号「nobody」尚未开通或已停用", extra_http_headers={"X-Remote-User": "nobody", **proxy})
    assert "用户与权限" not in body
    assert "用户与权限" not in _signed_in_as(browser, base, "未能识别您的身份", extra_http_headers=proxy)


def test_a_local_process_without_the_proxys_secret_names_nobody(proxied, browser):
    """Anything on the machine can reach the staff port and send the user header; without the
    proxy's secret (or with a wrong one) it is refused."""
    base, _ = proxied
    for proof in ({}, {PROXY_HEADER: "a-guess-of-the-secret"}):
        body = _signed_in_as(browser, base, "未能识别您的身份", extra_http_headers={"X-Remote-User": "wang.city", **proof})
        assert "用户与权限" not in body


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.mark.skipif(not os.path.exists(NGINX), reason="needs nginx (make test installs nginx-light as root)")
def test_the_repository_nginx_config_signs_in_and_a_forged_header_does_not_count(proxied, public_server, browser,
                                                                                   demo_url, tmp_path):
    """deploy/nginx.conf itself, its ports and paths moved: sign-in gives the user; a header the
    client sends is overwritten; no sign-in, no page. The public pages pass through with their own
    headers, and the visitor's address is nginx's, not a header the visitor sent."""
    _, staff_port = proxied
    _, public_port, token = public_server
    listen, public_listen = free_port(), free_port()
    password = "s3cret-pw"
    hashed = subprocess.run(["openssl", "passwd", "-apr1", password], capture_output=True, text=True, check=True).stdout.strip()
    (tmp_path / "htpasswd").write_text(f"wang.city:{hashed}\nmallory:{hashed}\n")
    (tmp_path / "proxy-secret.conf").write_text(f'proxy_set_header {PROXY_HEADER} "{PROXY_SECRET}";\n')
    (tmp_path / "public-secret.conf").write_text(f'proxy_set_header {PROXY_HEADER} "{PUBLIC_SECRET}";\n')
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    for old, new in (("listen 8080;", f"listen 127.0.0.1:{listen};"), ("listen 8081;", f"listen 127.0.0.1:{public_listen};"),
                     ("server 127.0.0.1:8866;", f"server 127.0.0.1:{staff_port};"),
                     ("server 127.0.0.1:8867;", f"server 127.0.0.1:{public_port};"),
                     ("/run/liaison-nginx.pid", str(tmp_path / "nginx.pid")),
                     ("/var/log/nginx/", f"{tmp_path}/"), ("/etc/nginx/liaison.htpasswd", str(tmp_path / "htpasswd")),
                     ("/etc/nginx/liaison-proxy-secret.conf", str(tmp_path / "proxy-secret.conf")),
                     ("/etc/nginx/liaison-public-proxy-secret.conf", str(tmp_path / "public-secret.conf"))):
        assert old in conf, old
        conf = conf.replace(old, new)
    (tmp_path / "nginx.conf").write_text("user root;\n" + conf, encoding="utf-8")   # the test's files are root's
    check = subprocess.run([NGINX, "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([NGINX, "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    front = f"http://127.0.0.1:{listen}/"
    try:
        for _ in range(50):
            if _status(front) == 401:
                break
            time.sleep(0.2)
        assert _status(front) == 401          # no sign-in, no page (and no kernel)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(front, timeout=30)
        assert refused.value.headers.get_all("Content-Security-Policy") == [CSP]
        body = _signed_in_as(browser, front, "当前用户：王市管（市级管理员）",
                             http_credentials={"username": "wang.city", "password": password})
        assert "用户与权限" in body
        # Signed in as mallory (no account in the apps), claiming to be wang.city by header.
        body = _signed_in_as(browser, front, "账号「mallory」尚未开通或已停用",
                             http_credentials={"username": "mallory", "password": password},
                             extra_http_headers={"X-Remote-User": "wang.city"})
        assert "用户与权限" not in body
        _the_public_pages_through_nginx(f"http://127.0.0.1:{public_listen}", token, demo_url[0])
    finally:
        proc.terminate()
        proc.wait(10)


def _the_public_pages_through_nginx(front: str, token: str, url: str) -> None:
    from toolkit.cases.public_intake import client_key
    from toolkit.public.web import CSP as PUBLIC_CSP

    from .public_site import Browser, _xsrf
    b = Browser()
    status, headers, form = b.open(f"{front}/d/{token}")
    assert status == 200 and headers["Content-Security-Policy"] == PUBLIC_CSP
    status, _, receipt = b.open(f"{front}/d/{token}", {"_xsrf": _xsrf(form), "content": "经由nginx的留言",
                                                       "category": "其他", "name": "", "phone": ""},
                                {"X-Real-IP": "203.0.113.77"}, follow=True)
    assert status == 200, receipt
    db = Database(url)
    with db.reader() as s:
        stored = s.scalar(select(Case.intake_address).where(Case.content == "经由nginx的留言"))
    db.dispose()
    assert stored == client_key("127.0.0.1") != client_key("203.0.113.77")
