"""How the Voilà apps are served: the project's template, no leaked kernels, nothing external."""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..core.config import project_root

TEMPLATE = "liaison"
# Scripts only from this server (no inline script, no inline event handler such as <img onerror>,
# nothing from elsewhere). Styles may be inline: ipywidgets lays widgets out with style attributes.
# The same policy is sent by deploy/nginx.conf (tests/test_deploy_config.py keeps the two equal).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'self'")


def notebooks_dir() -> Path:
    """The folder of app notebooks served at the landing page."""
    root = project_root()
    if root is None:
        raise RuntimeError("liaison serve runs from a source checkout (notebooks/ not found)")
    return root / "notebooks" / "apps"


PUBLIC_PORT = 8867


def public_notebooks() -> list[Path]:
    """The app notebooks marked public (QR intake, evaluation kiosk, ballot page)."""
    return [p for p in sorted(notebooks_dir().glob("*.ipynb"))
            if json.loads(p.read_text(encoding="utf-8"))["metadata"].get("public")]


def public_dir(pages: tuple[str, ...] | None = None, port: int = PUBLIC_PORT) -> Path:
    """A folder holding copies of the public notebooks only (those in `pages`, by stem, when given):
    the public instance serves this folder, so a staff app is not there to be asked for."""
    target = Path(tempfile.gettempdir()) / f"liaison-public-{os.getuid()}-{port}"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for notebook in public_notebooks():
        if pages is None or notebook.stem in pages:
            shutil.copy2(notebook, target / notebook.name)
    return target


def jupyter_path() -> str:
    """A JUPYTER_PATH in which voila finds the project's template under its name."""
    root = project_root()
    base = Path(tempfile.gettempdir()) / f"liaison-jupyter-{os.getuid()}"
    target = base / "voila" / "templates"
    target.mkdir(parents=True, exist_ok=True)
    link = target / TEMPLATE
    source = root / "voila-templates" / TEMPLATE
    if link.is_symlink() and link.resolve() != source.resolve():
        link.unlink()
    if not link.exists():
        link.symlink_to(source)
    return str(base)


def voila_command(port: int = 8866, preheat: bool = False, root: Path | None = None,
                  headers: tuple[str, ...] = ()) -> list[str]:
    """The voila command line for the apps (or the notebooks in `root`) on 127.0.0.1:port;
    `headers` are passed into the kernels as HTTP_* variables (the proxy's user header)."""
    args = [sys.executable, "-m", "voila", str(root or notebooks_dir()), "--no-browser",
            f"--port={port}", "--Voila.ip=127.0.0.1", f"--template={TEMPLATE}",
            "--theme=light",
            "--Voila.tornado_settings=" + json.dumps({"headers": {"Content-Security-Policy": CSP}}),
            # A tab closed without its shutdown beacon leaves a kernel: cull idle ones.
            "--MappingKernelManager.cull_interval=60",
            "--MappingKernelManager.cull_idle_timeout=900",
            "--MappingKernelManager.cull_connected=False",
            # A busy server may send a cell's output (the app itself) later than nbclient's
            # default 4 s after the cell finished; the page would then show nothing at all.
            "--VoilaExecutor.iopub_timeout=120",
            # Behind a proxy the client's address reaches the public page's flood limit.
            "--VoilaConfiguration.http_header_envs=X-Real-IP",
            *(f"--VoilaConfiguration.http_header_envs={h}" for h in headers)]
    if preheat:
        args += ["--preheat_kernel=True", "--pool_size=1"]
    return args


def wait_until_up(base: str, tries: int = 120) -> None:
    """Wait for a Voilà server at `base` to answer (a static file: a notebook URL would start a kernel)."""
    import time
    import urllib.request
    for _ in range(tries):
        try:
            urllib.request.urlopen(base + "voila/templates/liaison/static/liaison.css", timeout=1)
            return
        except OSError:
            time.sleep(0.5)


def serve(port: int = 8866, db_url: str | None = None, preheat: bool = True, public: bool = False,
          pages: tuple[str, ...] | None = None) -> int:
    """Run voila in the foreground until interrupted; kernels open `db_url`.

    Preheated: each app has a kernel waiting with the code imported; the app notebooks build
    their page only after wait_for_request(), so what the page shows is read when it is opened.
    Public: only the public pages, every visitor the public (LIAISON_AUTH=public), meant to run
    with the restricted database account of `liaison db grant-public`."""
    from ..admin.identity import ENV_AUTH, ENV_HEADER, PROXY_HEADER, auth_mode, proxy_secret

    env = dict(os.environ, JUPYTER_PATH=jupyter_path())
    if db_url:
        env["LIAISON_DB_URL"] = db_url
    headers: tuple[str, ...] = ()
    if public:
        env[ENV_AUTH] = "public"
        root = public_dir(pages, port)
        print(f"公开服务（仅扫码留言、测评、投票页面）：http://127.0.0.1:{port}/", flush=True)
    else:
        root = None
        if auth_mode() == "header":
            proxy_secret()        # refuse to start a server no proxy can prove itself to
            headers = (env.get(ENV_HEADER, "X-Remote-User"), PROXY_HEADER)
        print(f"联络站工作台：http://127.0.0.1:{port}/", flush=True)
    os.execvpe(sys.executable, voila_command(port, preheat, root, headers), env)
    return 0
