"""`liaison lab`: JupyterLab for analysts on notebooks/ (analysis and report notebooks), with this
environment's kernel. On 127.0.0.1 only, behind a token made anew at each start (printed in the
address; given to Jupyter through JUPYTER_TOKEN, not the command line that `ps` shows). A shared
server signs analysts in through JupyterHub instead (deploy/jupyterhub_config.py).

Code in the lab is the user's: its kernels never get the apps' database account. They read
through the analysts' account (LIAISON_ANALYST_DB_URL, made by `liaison db grant-analyst`:
read-only views with personal data masked); on SQLite, which has no accounts, the database file
opened read-only. Nothing from outside is fetched (no news feed, no update check)."""
from __future__ import annotations

import os
import secrets
import sys

from sqlalchemy import make_url

from ..core.config import project_path, resolve_db_url
from ..core.errors import ToolkitError
from ..reports.run import ENV_ANALYST_URL, KEPT, reader_url

# Nothing from outside: no news feed, no update check, an extension manager that never asks PyPI.
OFFLINE = ["--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--LabApp.extension_manager=readonly"]
NO_ANALYST_ACCOUNT = (f"数据库为 PostgreSQL 时，分析工作台只用分析员账号：请运行 liaison db grant-analyst，"
                      f"并把该账号的连接地址设为 {ENV_ANALYST_URL}")


def lab_command(port: int, root: str) -> list[str]:
    as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []   # containers, CI
    return [sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.root_dir={root}",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            "--ServerApp.password=", "--ServerApp.default_url=/lab/tree/analysis", *OFFLINE, *as_root]


def lab_database(db_url: str | None = None) -> str:
    """What the lab's kernels read: the analysts' account, or the SQLite file read-only."""
    url = resolve_db_url(db_url)
    if os.environ.get(ENV_ANALYST_URL):
        return os.environ[ENV_ANALYST_URL]
    if make_url(url).get_backend_name() != "sqlite":
        raise ToolkitError(NO_ANALYST_ACCOUNT)
    return reader_url(url)


def lab_environment(db_url: str | None, token: str) -> dict[str, str]:
    """The lab's environment: what Jupyter needs, the reading database, the token; no secret of
    the apps (proxy secret, server key, the apps' account, SMTP or SMS credentials)."""
    keep = {k: v for k, v in os.environ.items() if k in KEPT or k.startswith(("JUPYTER", "XDG_", "PG"))}
    return {**keep, "LIAISON_DB_URL": lab_database(db_url), "JUPYTER_TOKEN": token,
            # deploy/jupyter/labconfig: the interface in Chinese, and no news prompt.
            "JUPYTER_CONFIG_PATH": str(project_path("deploy", "jupyter"))}


def lab(port: int = 8888, db_url: str | None = None) -> int:
    """Become JupyterLab (exec: Ctrl+C and SIGTERM reach it directly, no process is left behind)."""
    token = secrets.token_urlsafe(24)
    env = lab_environment(db_url, token)
    print(f"分析工作台（JupyterLab）：http://127.0.0.1:{port}/lab/tree/analysis?token={token}　"
          f"数据库（只读）：{make_url(env['LIAISON_DB_URL'])!r}", flush=True)
    command = lab_command(port, str(project_path("notebooks")))
    os.execve(command[0], command, env)
    return 0      # not reached
