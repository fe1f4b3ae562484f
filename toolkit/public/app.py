"""The public edge as a Tornado application: stateless (everything lives in the database; the
forms' CSRF token is checked against its own cookie, no server secret), so one process or several,
on one machine or several behind nginx, serve the same pages."""
from __future__ import annotations

import tornado.web
from tornado.log import access_log

from ..core.db import Database, connect
from ..core.errors import ToolkitError
from ..core.principal import PUBLIC_PRINCIPAL
from .ballot import BallotCode, BallotPage, OldBallotAddress
from .intake import TOKEN, IntakePage, OldIntakeAddress, PointIntakePage, PointReceiptPage, ReceiptPage
from .deputy import RECORD_ROUTES
from .deputy import ROUTES as DEPUTY_ROUTES
from .finder import FinderPage
from .grid_worker import ROUTES as GRID_WORKER_ROUTES
from .kiosk import KioskAnswer, KioskNext, KioskStart, KioskTarget, OldKioskAddress
from .lookup import ConfirmPage, LookupPage, RatePage
from .web import HERE, PublicHandler

# Each page's addresses (the old Voilà ones redirect for good). `liaison serve --public --pages`
# and `liaison db grant-public --pages` name the same pages.
ROUTES = {
    "intake": [(rf"/d/({TOKEN})", IntakePage), (rf"/d/({TOKEN})/receipt", ReceiptPage),
               (r"/voila/render/intake\.ipynb", OldIntakeAddress),
               (rf"/p/({TOKEN})", PointIntakePage), (rf"/p/({TOKEN})/receipt", PointReceiptPage)],
    "lookup": [(r"/q", LookupPage), (r"/q/rate", RatePage), (r"/q/confirm", ConfirmPage)],
    "kiosk": [(r"/k", KioskStart), (r"/k/target", KioskTarget), (r"/k/answer", KioskAnswer), (r"/k/next", KioskNext),
              (r"/voila/render/kiosk\.ipynb", OldKioskAddress)],
    "ballot": [(r"/b", BallotPage), (r"/b/code", BallotCode), (r"/voila/render/ballot\.ipynb", OldBallotAddress)],
    "stations": [(r"/s", FinderPage)],
    "grid": GRID_WORKER_ROUTES,
    "deputy": DEPUTY_ROUTES,
    "record": RECORD_ROUTES,
}
PAGES = tuple(ROUTES)


def check_pages(pages: tuple[str, ...]) -> None:
    """Refuse a page name that is not one of PAGES (before anything listens)."""
    unknown = [p for p in pages if p not in ROUTES]
    if unknown or not pages:
        raise ToolkitError(f"没有名为「{'、'.join(unknown)}」的公开页面（可选：{'、'.join(PAGES)}）")


def log_request(handler: tornado.web.RequestHandler) -> None:
    """Tornado's access line without the query string: a slip's code travels there on its first
    read (then it is moved out of the address), and must not be written down."""
    status = handler.get_status()
    log = access_log.info if status < 400 else access_log.warning if status < 500 else access_log.error
    log("%d %s %s (%s) %.2fms", status, handler.request.method, handler.request.path, handler.request.remote_ip,
        1000.0 * handler.request.request_time())


class IndexPage(PublicHandler):
    """The public address itself: what is here, in Chinese (not Tornado's English 404)."""

    def initialize(self, db: Database, pages: tuple[str, ...] = PAGES) -> None:
        super().initialize(db)
        self.pages = pages

    def get(self) -> None:
        self.page("index.html", pages=self.pages)


class NoSuchPage(PublicHandler):
    """Any other address: the Chinese notice every public page gives."""

    def prepare(self) -> None:
        raise tornado.web.HTTPError(404)


def make_app(db: Database | None = None, pages: tuple[str, ...] = PAGES) -> tornado.web.Application:
    """The public pages on `db` (the configured database by default), acting as the public: every
    write they make is checked against what the public may do (core.access_rules)."""
    check_pages(pages)
    db = (db or connect()).acting_as(PUBLIC_PRINCIPAL)
    routes = [(r"/", IndexPage, {"db": db, "pages": pages})]
    routes += [(path, handler, {"db": db}) for page in pages for path, handler in ROUTES[page]]
    # A post must carry the token of its _xsrf cookie (Tornado compares the two; no server state, so
    # any worker checks any form). The cookie stays on this site and out of scripts.
    return tornado.web.Application(routes, xsrf_cookies=True, xsrf_cookie_kwargs={"samesite": "Strict", "httponly": True},
                                   static_path=str(HERE / "static"), compress_response=True, log_function=log_request,
                                   default_handler_class=NoSuchPage, default_handler_args={"db": db})
