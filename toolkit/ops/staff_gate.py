"""A Jupyter server extension for staff under JupyterHub: their server is Voilà and nothing else.

`jupyterhub-singleuser` is a whole Jupyter server: JupyterLab, terminals, the kernels and contents
APIs. A station's staff member who reached `/api/kernels` could start a kernel and act as anyone
the apps' database account can act as. This extension answers 403 to every path but Voilà's own
(its pages, static files, the channels of the kernels it started) and what the hub needs to sign
the user in and check the server is up. Voilà's pages send only widget messages; the server's
kernel manager is told to refuse every other kind (no `execute_request`), as standalone Voilà does
(`STAFF_ARGS` below, used by deploy/jupyterhub_config.py).
"""
from __future__ import annotations

import re

from tornado.routing import Matcher, Rule
from tornado.web import RequestHandler

# The message kinds a Voilà page sends (voila/app.py gives its own kernel manager the same list).
WIDGET_MESSAGES = ["comm_open", "comm_close", "comm_msg", "comm_info_request", "kernel_info_request", "shutdown_request"]
STAFF_ARGS = ["--ServerApp.jpserver_extensions={'voila': True, 'toolkit.ops.staff_gate': True}",
              "--ServerApp.terminals_enabled=False",
              f"--MappingKernelManager.allowed_message_types={WIDGET_MESSAGES}"]
KERNEL = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ALLOWED = (r"voila(/.*)?", r"static/.*", rf"api/kernels/{KERNEL}(/channels)?", r"api/?", r"api/status",
           r"oauth_callback", r"logout", r"login", r"favicon\.ico")


class Refused(RequestHandler):
    """Anything else: a short Chinese notice, no Jupyter page."""

    def prepare(self) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("工作人员只能使用联络站工作台的应用页面。")


class OutsideVoila(Matcher):
    """Matches every request whose path is not one of ALLOWED under the server's base URL."""

    def __init__(self, base_url: str):
        self.allowed = re.compile(re.escape(base_url) + "(?:" + "|".join(ALLOWED) + r")$")

    def match(self, request):
        return None if self.allowed.match(request.path) else {}


def _jupyter_server_extension_points():
    return [{"module": "toolkit.ops.staff_gate"}]


def _load_jupyter_server_extension(serverapp) -> None:
    # First among the application's rules: checked before any handler Jupyter or an extension added.
    serverapp.web_app.default_router.rules.insert(0, Rule(OutsideVoila(serverapp.base_url), Refused))
    serverapp.log.info("staff_gate: only Voilà's pages are served")
