"""Who opened the page: decided by the server in front, never by the page or its query string.

LIAISON_AUTH says how a deployment knows its users:
- `local` (the default, `make serve` on one's own machine): a single local administrator;
- `header`: an authenticating proxy sets a header (LIAISON_AUTH_HEADER, default X-Remote-User)
  and Voilà passes it into the kernel as HTTP_X_REMOTE_USER (VoilaConfiguration.http_header_envs).
  Any process on the machine could send that header straight to the server, so the proxy also
  proves itself: it adds X-Liaison-Proxy carrying LIAISON_PROXY_SECRET, which only it and the
  server know; a request without it names nobody;
- `hub`: JupyterHub starts each user's server with JUPYTERHUB_USER;
- `public`: the public instance (QR intake, evaluation and ballot codes), anonymous by design.
The login must belong to an active user (`liaison user add`); anyone else is refused.
"""
from __future__ import annotations

import hmac
import os

from ..core.config import ENV_USER
from ..core.db import Database
from ..core.errors import ToolkitError
from ..core.principal import PUBLIC_PRINCIPAL, Principal, local_admin
from .users import principal_for

ENV_AUTH = "LIAISON_AUTH"
ENV_HEADER = "LIAISON_AUTH_HEADER"
ENV_PROXY_SECRET = "LIAISON_PROXY_SECRET"
# The public pages' proof of the visitor's address: a secret of its own, so that whoever holds the
# internet-facing public service never holds the staff servers' identity secret.
ENV_PUBLIC_PROXY_SECRET = "LIAISON_PUBLIC_PROXY_SECRET"
ENV_AS_USER = "LIAISON_AS_USER"
PROXY_HEADER = "X-Liaison-Proxy"
MODES = ("local", "header", "hub", "public")


class NoAccess(ToolkitError):
    """The page's visitor is not a known, active user."""


def header_env_name(header: str) -> str:
    """The environment variable Voilà puts a passed header into (as voila/handler.py names it)."""
    return "HTTP_" + header.upper().replace("-", "_")


def auth_mode() -> str:
    mode = os.environ.get(ENV_AUTH, "local")
    if mode not in MODES:
        raise NoAccess(f"系统配置错误：{ENV_AUTH}={mode} 不是可用的方式（{'、'.join(MODES)}），请联系管理员。")
    return mode


def login_from_environment() -> str | None:
    """The login the server in front vouched for (None when it named nobody)."""
    mode = auth_mode()
    if mode == "header":
        _check_proxy()
        return os.environ.get(header_env_name(os.environ.get(ENV_HEADER, "X-Remote-User"))) or None
    if mode == "hub":
        return os.environ.get("JUPYTERHUB_USER") or None
    return None


def proxy_secret() -> str:
    """The secret the proxy shows; header mode does not run without one."""
    secret = os.environ.get(ENV_PROXY_SECRET, "")
    if len(secret) < 16:
        raise NoAccess(f"系统配置错误：以 {ENV_AUTH}=header 运行时须设置 {ENV_PROXY_SECRET}（至少16个字符，"
                       "与反向代理配置中的相同），请联系管理员。")
    return secret


def proxy_proven(shown: str, variable: str = ENV_PROXY_SECRET) -> bool:
    """Whether a request came through our proxy: it shows the secret `variable` holds (at least 16
    characters): the staff identity secret, or the public pages' own."""
    secret = os.environ.get(variable, "")
    # compare_digest: the time taken says nothing about how much of a guess was right.
    return len(secret) >= 16 and hmac.compare_digest(shown.encode(), secret.encode())


def _check_proxy() -> None:
    proxy_secret()             # a missing secret is a configuration error, said as such
    if not proxy_proven(os.environ.get(header_env_name(PROXY_HEADER), "")):
        raise NoAccess("未能识别您的身份：请通过单位统一登录入口打开本系统。")


def resolve(db: Database) -> Principal:
    """The principal for this kernel's page, or NoAccess with a message the visitor can read."""
    mode = auth_mode()
    if mode == "local":
        return local_admin(os.environ.get(ENV_USER) or "本地管理员")
    if mode == "public":
        return PUBLIC_PRINCIPAL
    login = login_from_environment()
    if not login:
        raise NoAccess("未能识别您的身份：请通过单位统一登录入口打开本系统。")
    with db.reader() as s:
        principal = principal_for(s, login)
    if principal is None:
        raise NoAccess(f"账号「{login}」尚未开通或已停用，请联系本级人大代表联络站管理员。")
    return principal


def open_for_user(url: str | None = None) -> Database:
    """The database as the page's user: every session it opens carries their principal."""
    db = Database(url)
    return db.acting_as(resolve(db))


def kernel_identity() -> str | None:
    """Whom this kernel runs for, as the server that started it said: the hub's user (under
    JupyterHub), or the login the report runner gave the report's kernel; None on the owner's
    own machine (the command line, `liaison lab`)."""
    if auth_mode() == "hub":
        login = os.environ.get("JUPYTERHUB_USER")
        if not login:
            raise NoAccess("未能识别您的身份：请通过单位统一登录入口打开本系统。")
        return login
    return os.environ.get(ENV_AS_USER) or None


def connect(url: str | None = None, user: str | None = None) -> Database:
    """The analyst's and the report notebook's door (`toolkit.connect`): as the kernel's own user
    when the server that started it named one (the hub's user; the report runner's), else as the
    owner's command line (trusted) or as `user` when the owner names one. A kernel cannot become
    somebody else by naming them: `user` must be the kernel's own. This is the courtesy layer;
    the line is drawn by the database account the kernel was given (toolkit/ops/reader_roles.py),
    which for analysts and reports reads masked or read-only views whatever Python is told."""
    db = Database(url)
    identity = kernel_identity()
    if identity and user and user != identity:
        raise NoAccess(f"本内核属于「{identity}」，不能以「{user}」的身份连接数据库。")
    login = identity or user
    if not login:
        return db
    with db.reader() as s:
        principal = principal_for(s, login)
    if principal is None:
        raise NoAccess(f"账号「{login}」尚未开通或已停用，请联系本级人大代表联络站管理员。")
    return db.acting_as(principal)
