"""What every public page shares: templates that escape by construction, the security headers,
CSRF-checked posts, the database off the event loop, the visitor's address, errors in Chinese."""
from __future__ import annotations

from pathlib import Path

import tornado.web
from jinja2 import Environment, FileSystemLoader, select_autoescape
from tornado.ioloop import IOLoop

from ..admin.identity import ENV_PUBLIC_PROXY_SECRET, PROXY_HEADER, proxy_proven
from ..core.db import Database
from ..core.errors import ToolkitError

HERE = Path(__file__).parent
# No script at all yet (every page is a plain form); styles only from our own file.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
TEMPLATES = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                        trim_blocks=True, lstrip_blocks=True)


class PublicHandler(tornado.web.RequestHandler):
    """A page of the public edge."""

    def initialize(self, db: Database) -> None:
        self.db = db

    def set_default_headers(self) -> None:
        self.set_header("Content-Security-Policy", CSP)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")     # a QR token must not leak onward
        self.set_header("Cache-Control", "no-store")

    def page(self, template: str, status: int = 200, **values) -> None:
        """Render a template (escaped) with the CSRF token every form needs."""
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(TEMPLATES.get_template(template).render(xsrf=self.xsrf_token.decode(), **values))

    def field(self, name: str) -> str:
        """A posted field exactly as sent: Tornado's own getters turn control characters into
        spaces, and a citizen's text must be refused with a reason, never quietly changed."""
        raw = self.request.body_arguments.get(name, [b""])[0]
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ToolkitError("提交的内容含有无法识别的字符，请重新输入") from None

    async def in_db(self, work, *args):
        """Run database work on a thread: the event loop keeps serving other visitors."""
        return await IOLoop.current().run_in_executor(None, work, *args)

    def keep_code(self, cookie: str, code: str, path: str) -> None:
        """A code taken out of an address (post-redirect-get): kept for the page in a short-lived
        cookie of its own path, so neither the access logs nor the phone's history hold it."""
        self.set_cookie(cookie, code, path=path, httponly=True, samesite="Strict", max_age=3600,
                        secure=self.request.protocol == "https")

    def client(self) -> str:
        """The visitor's address: from the proxy only when it proves itself with the public pages'
        own secret (anyone can send an X-Real-IP header), else the connection's own address."""
        if proxy_proven(self.request.headers.get(PROXY_HEADER, ""), ENV_PUBLIC_PROXY_SECRET):
            return self.request.headers.get("X-Real-IP", "") or self.request.remote_ip or ""
        return self.request.remote_ip or ""

    def write_error(self, status_code: int, **kwargs) -> None:
        """Never a traceback: a short Chinese notice."""
        error = kwargs.get("exc_info", (None, None))[1]
        text = {403: "页面已过期，请返回重新打开后再提交。", 404: "页面不存在。"}.get(
            status_code, "系统暂时无法处理，请稍后再试，或到联络站当面反映。")
        if isinstance(error, ToolkitError):
            text = error.message
        self.page("notice.html", status_code, title="提示", text=text)
