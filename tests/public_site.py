"""The public pages from a real Tornado server on a free port (its loop on a thread of its own),
and a cookie-keeping HTTP client that shows redirects instead of following them."""
from __future__ import annotations

import asyncio
import contextlib
import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import select

from toolkit.network.models import Deputy
from toolkit.network.qr import ensure_token
from toolkit.public.app import make_app


@contextlib.contextmanager
def serving(db):
    """The public app on `db`; yields its base address."""
    import tornado.httpserver
    from tornado.ioloop import IOLoop
    from tornado.netutil import bind_sockets
    sockets = bind_sockets(0, "127.0.0.1")
    port = sockets[0].getsockname()[1]
    ready, holder = threading.Event(), {}

    def run():
        asyncio.set_event_loop(asyncio.new_event_loop())
        server = tornado.httpserver.HTTPServer(make_app(db))
        server.add_sockets(sockets)
        holder["loop"] = IOLoop.current()
        ready.set()
        IOLoop.current().start()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(10)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        holder["loop"].add_callback(holder["loop"].stop)
        thread.join(5)


@pytest.fixture
def site(demo_db):
    """The public app on the demo database, with one deputy's QR token."""
    with demo_db.unit_of_work() as s:
        deputy = s.scalar(select(Deputy).where(Deputy.station_id.is_not(None)).order_by(Deputy.id))
        token, name = ensure_token(s, deputy), deputy.name
    with serving(demo_db) as base:
        yield {"base": base, "token": token, "name": name, "db": demo_db}


@pytest.fixture
def public_pages(server):
    """The public pages on the browser tests' Voilà server's database (staff apps there, citizens here)."""
    from toolkit.core.db import Database
    db = Database(server["db_url"])
    with serving(db) as base:
        yield base + "/"
    db.dispose()


class Browser:
    """A cookie-keeping client that does not follow redirects (so they can be checked)."""

    def __init__(self):
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args):
                return None
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect)

    def open(self, url, data=None, headers=None, follow=False):
        """(status, headers, page); `follow`: a 303 after a post is followed, as a browser does."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            r = self.opener.open(urllib.request.Request(url, body, headers or {}), timeout=20)
            answer = r.status, dict(r.headers), r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            answer = e.code, dict(e.headers), e.read().decode("utf-8")
        if follow and answer[0] == 303:
            return self.open(urllib.parse.urljoin(url, answer[1]["Location"]), headers=headers)
        return answer


def _xsrf(page: str) -> str:
    return re.search(r'name="_xsrf" value="([^"]+)"', page).group(1)
