"""`liaison lab`: JupyterLab for analysts on notebooks/ (analysis and report notebooks), with this
environment's kernel and the apps' own database (LIAISON_DB_URL is set for every kernel it starts,
so `toolkit.connect()` in a notebook reads what the apps write). On 127.0.0.1 only, without a token:
it is the machine owner's, like `make serve`; a shared server signs analysts in through JupyterHub
(deploy/jupyterhub_config.py). It fetches nothing from outside (no news feed, no update check)."""
from __future__ import annotations

import os
import sys

from ..core.config import project_path
from ..core.db import Database

# Nothing from outside: no news feed, no update check, an extension manager that never asks PyPI.
OFFLINE = ["--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--LabApp.extension_manager=readonly"]


def lab_command(port: int, root: str) -> list[str]:
    as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []   # containers, CI
    return [sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.root_dir={root}",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            "--IdentityProvider.token=", "--ServerApp.password=", "--ServerApp.default_url=/lab/tree/analysis",
            *OFFLINE, *as_root]


def lab(port: int = 8888, db_url: str | None = None) -> int:
    """Become JupyterLab (exec: Ctrl+C and SIGTERM reach it directly, no process is left behind)."""
    url = Database(db_url).engine.url.render_as_string(hide_password=False)
    # deploy/jupyter/labconfig: the interface in Chinese, and no news prompt.
    env = {**os.environ, "LIAISON_DB_URL": url, "JUPYTER_CONFIG_PATH": str(project_path("deploy", "jupyter"))}
    print(f"分析工作台（JupyterLab）：http://127.0.0.1:{port}/lab/tree/analysis　数据库：{Database(url).engine.url!r}",
          flush=True)
    command = lab_command(port, str(project_path("notebooks")))
    os.execve(command[0], command, env)
    return 0      # not reached
