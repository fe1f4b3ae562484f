"""How the Voilà apps are served: the project's template, no leaked kernels, nothing external."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from ..core.config import project_root
from ..core.errors import ToolkitError
from ..network.qr import ENV_PUBLIC_URL
from ..public.server import PORT as PUBLIC_PORT

TEMPLATE = "liaison"
# Scripts only from this server (no inline script, no inline event handler such as <img onerror>,
# nothing from elsewhere). Styles may be inline: ipywidgets lays widgets out with style attributes.
# The same policy is sent by deploy/nginx.conf (tests/test_deploy_config.py keeps the two equal).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'self'")


def apps_csp() -> str:
    """The apps' policy; with the operator's 天地图 key (LIAISON_TIANDITU_KEY) the map's tiles may come
    from 天地图's hosts too (images only: no script, no connection elsewhere)."""
    from ..formats.base_layer import HOSTS, tianditu_key

    if not tianditu_key():
        return CSP
    return CSP.replace("img-src 'self' data: blob:;", "img-src 'self' data: blob: " + " ".join(HOSTS) + ";")


def notebooks_dir() -> Path:
    """The folder of app notebooks served at the landing page."""
    root = project_root()
    if root is None:
        raise RuntimeError("liaison serve runs from a source checkout (notebooks/ not found)")
    return root / "notebooks" / "apps"


def jupyter_path() -> str:
    """A JUPYTER_PATH in which voila finds the project's template under its name: the checkout's
    own deploy/jupyter (its voila/templates/liaison links to voila-templates/liaison). Never a
    folder in the shared temp directory: another local user could plant a template there, and
    two checkouts would re-point each other's link."""
    root = project_root()
    if root is None:
        raise RuntimeError("liaison serve runs from a source checkout (deploy/jupyter not found)")
    return str(root / "deploy" / "jupyter")


def voila_command(port: int = 8866, preheat: bool = False, root: Path | None = None,
                  headers: tuple[str, ...] = ()) -> list[str]:
    """The voila command line for the apps (or the notebooks in `root`) on 127.0.0.1:port;
    `headers` are passed into the kernels as HTTP_* variables (the proxy's user header)."""
    args = [sys.executable, "-m", "toolkit.ops.voila_app", str(root or notebooks_dir()), "--no-browser",
            f"--port={port}", "--Voila.ip=127.0.0.1", f"--template={TEMPLATE}",
            "--theme=light",
            "--Voila.tornado_settings=" + json.dumps({"headers": {"Content-Security-Policy": apps_csp()}}),
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


READY_WAIT = 180          # seconds to wait for the kernel pools before announcing anyway


def _answers(base: str) -> bool:
    try:
        urllib.request.urlopen(base + "voila/templates/liaison/static/liaison.css", timeout=1)
        return True
    except OSError:
        return False


def wait_until_up(base: str, tries: int = 120) -> None:
    """Wait for a Voilà server at `base` to answer (a static file: a notebook URL would start a kernel)."""
    for _ in range(tries):
        if _answers(base):
            return
        time.sleep(0.5)


def _staff_ready(proc: subprocess.Popen, preheat: bool, base: str, ready: threading.Event) -> None:
    """Pass Voilà's log through, and set `ready` once the apps answer: with preheating, when every
    app's kernel pool is filled (before that the first app opened waited ~35 s); else when a
    static file is served."""
    apps = len(list(notebooks_dir().glob("*.ipynb")))
    filled = 0
    if not preheat:
        threading.Thread(target=lambda: (wait_until_up(base), ready.set()), daemon=True).start()
    for line in proc.stderr:
        if "Voilà is running at" in line or "Use Control-C" in line or line.strip() == base:
            continue                           # our own line says where, once it is true
        if "Kernel pool of" in line and "is filled" in line:
            filled += 1
            if filled >= apps:
                ready.set()
        sys.stderr.write(line)


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def _public_command(port: int, workers: int, pages: tuple[str, ...]) -> list[str]:
    return [sys.executable, "-m", "toolkit.ops.cli", "serve", "--public", "--port", str(port),
            "--workers", str(workers), "--pages", ",".join(pages)]


def serve_environment(db_url: str | None, public_port: int | None) -> dict[str, str]:
    """The staff server's environment: the template, the database, and where the public pages are
    — the port actually served, unless LIAISON_PUBLIC_URL names the address citizens reach — so the
    QR cards, ballot slips and kiosk links it prints lead somewhere."""
    env = dict(os.environ, JUPYTER_PATH=jupyter_path())
    if db_url:
        env["LIAISON_DB_URL"] = db_url
    if public_port is not None and not env.get(ENV_PUBLIC_URL):
        env[ENV_PUBLIC_URL] = f"http://127.0.0.1:{public_port}/"
    return env


def serve(port: int = 8866, db_url: str | None = None, preheat: bool = True, public_port: int | None = PUBLIC_PORT,
          workers: int = 1, pages: tuple[str, ...] | None = None) -> int:
    """The staff apps (Voilà) and, unless `public_port` is None, the public pages beside them, in
    the foreground until interrupted; each address is printed once it answers.

    Preheated: each app has a kernel waiting with the code imported; the app notebooks build
    their page only after wait_for_request(), so what the page shows is read when it is opened."""
    from ..admin.identity import ENV_HEADER, PROXY_HEADER, auth_mode, proxy_secret
    from ..public.app import PAGES, check_pages

    env = serve_environment(db_url, public_port)
    headers: tuple[str, ...] = ()
    if auth_mode() == "header":
        proxy_secret()        # refuse to start a server no proxy can prove itself to
        headers = (env.get(ENV_HEADER, "X-Remote-User"), PROXY_HEADER)
    pages = pages or PAGES
    check_pages(pages)
    for p in (port, public_port):
        if p is not None and not _port_free(p):
            raise ToolkitError(f"端口 {p} 已被占用（可能已有一个在运行），请用 --port 或 --public-port 换一个端口")
    staff = subprocess.Popen(voila_command(port, preheat, None, headers), env=env, stderr=subprocess.PIPE,
                             text=True, bufsize=1)
    children = [staff]
    if public_port is not None:
        children.append(subprocess.Popen(_public_command(public_port, workers, pages), env=env))
    ready = threading.Event()
    threading.Thread(target=_staff_ready, args=(staff, preheat, f"http://127.0.0.1:{port}/", ready), daemon=True).start()

    def stop(signum=None, frame=None) -> None:
        for child in children:
            if child.poll() is None:
                child.terminate()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    announced, started = False, time.monotonic()
    try:
        while all(child.poll() is None for child in children):
            if announced:
                time.sleep(1)          # at rest the supervisor only looks at its children now and then
            elif ready.wait(0.5):
                print(f"联络站工作台（工作人员）：http://127.0.0.1:{port}/", flush=True)
                announced = True
            elif time.monotonic() - started > READY_WAIT and _answers(f"http://127.0.0.1:{port}/"):
                # Voilà's log did not say the pools are filled (another version words it otherwise).
                print(f"联络站工作台（工作人员）：http://127.0.0.1:{port}/（内核可能仍在预热，首次打开稍慢）", flush=True)
                announced = True
    finally:
        stop()
        codes = [child.wait() for child in children]
    return max((c for c in codes if c and c > 0), default=0)
