"""The public edge as a Tornado application: stateless (everything lives in the database), so one
process or several behind nginx serve the same pages."""
from __future__ import annotations

import asyncio
import secrets

import tornado.web

from ..core.db import Database, connect
from ..core.principal import PUBLIC_PRINCIPAL
from .ballot import BallotPage, OldBallotAddress
from .intake import TOKEN, IntakePage, OldIntakeAddress
from .kiosk import KioskAnswer, KioskStart, KioskTarget, OldKioskAddress
from .lookup import LookupPage, RatePage
from .web import HERE


def make_app(db: Database | None = None, cookie_secret: str | None = None) -> tornado.web.Application:
    """The public pages on `db` (the configured database by default), acting as the public: every
    write they make is checked against what the public may do (core.access_rules)."""
    db = (db or connect()).acting_as(PUBLIC_PRINCIPAL)
    routes = [
        (rf"/d/({TOKEN})", IntakePage, {"db": db}),
        (r"/voila/render/intake\.ipynb", OldIntakeAddress, {"db": db}),
        (r"/q", LookupPage, {"db": db}),
        (r"/b", BallotPage, {"db": db}),
        (r"/voila/render/ballot\.ipynb", OldBallotAddress, {"db": db}),
        (r"/q/rate", RatePage, {"db": db}),
        (r"/k", KioskStart, {"db": db}),
        (r"/k/target", KioskTarget, {"db": db}),
        (r"/k/answer", KioskAnswer, {"db": db}),
        (r"/voila/render/kiosk\.ipynb", OldKioskAddress, {"db": db}),
    ]
    # A post must carry the token of its _xsrf cookie (Tornado compares the two; no server state, so
    # any worker checks any form). The cookie stays on this site and out of scripts.
    return tornado.web.Application(routes, xsrf_cookies=True, xsrf_cookie_kwargs={"samesite": "Strict", "httponly": True},
                                   cookie_secret=cookie_secret or secrets.token_hex(32),
                                   static_path=str(HERE / "static"), compress_response=True)


def serve(port: int = 8868, db: Database | None = None) -> None:
    """Serve the public pages on 127.0.0.1:`port` until interrupted (one process)."""
    async def main():
        make_app(db).listen(port, address="127.0.0.1")
        print(f"公开页面：http://127.0.0.1:{port}/d/<二维码令牌>", flush=True)
        await asyncio.Event().wait()
    asyncio.run(main())
