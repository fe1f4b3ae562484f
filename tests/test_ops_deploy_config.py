"""The deployment files in deploy/ agree with the code that reads them (nginx.conf itself runs in
tests/test_browser_deploy.py; JupyterHub is not installed here, so its file is loaded, not run)."""
from __future__ import annotations

import configparser
import os
import shlex
from pathlib import Path

import pytest
from traitlets.config import Config

from toolkit.admin.identity import MODES, header_env_name
from toolkit.ops.cli import build_parser
from toolkit.ops.server import CSP, PUBLIC_PORT

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def _unit(name: str) -> tuple[dict[str, str], list[str]]:
    """A systemd unit's environment and its liaison command line."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read_string((DEPLOY / name).read_text(encoding="utf-8"))
    # configparser keeps only the last of repeated keys: the Environment lines are read by hand.
    env = dict(line.split("=", 1)[1].split("=", 1) for line in (DEPLOY / name).read_text(encoding="utf-8").splitlines()
               if line.startswith("Environment="))
    command = shlex.split(parser["Service"]["ExecStart"])
    assert command[0].endswith("/.venv/bin/liaison")
    return env, command[1:]


def test_the_staff_unit_serves_behind_the_proxys_user_header():
    env, args = _unit("liaison-staff.service")
    parsed = build_parser().parse_args(args)
    assert parsed.fn.__name__ == "cmd_serve" and not parsed.public and parsed.port == 8866 and parsed.no_public
    assert env["LIAISON_AUTH"] in MODES and env["LIAISON_AUTH"] == "header"
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert f"proxy_set_header {env['LIAISON_AUTH_HEADER']} $remote_user;" in nginx
    assert header_env_name(env["LIAISON_AUTH_HEADER"]) == "HTTP_X_REMOTE_USER"
    assert "server 127.0.0.1:8866;" in nginx
    assert "include /etc/nginx/liaison-proxy-secret.conf;" in nginx and "EnvironmentFile=" in (DEPLOY / "liaison-staff.service").read_text()


def test_nginx_sends_the_same_content_security_policy_as_the_apps():
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    staff_block = nginx.split("listen 8080;")[1].split("listen 8081;")[0]
    assert f'add_header Content-Security-Policy "{CSP}" always;' in staff_block
    assert "'unsafe-inline'" not in CSP.split("script-src")[1].split(";")[0]


def test_the_public_unit_serves_only_public_pages_with_the_restricted_account():
    env, args = _unit("liaison-public.service")
    parsed = build_parser().parse_args(args)
    assert parsed.public and parsed.port == PUBLIC_PORT and parsed.workers > 1 and parsed.pages is None
    assert "EnvironmentFile=" in (DEPLOY / "liaison-public.service").read_text()
    assert env["LIAISON_DB_URL"].startswith("postgresql://liaison_public@")
    assert build_parser().parse_args(["db", "grant-public"]).role == "liaison_public"
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert f"server 127.0.0.1:{PUBLIC_PORT};" in nginx and 'proxy_set_header X-Remote-User "";' in nginx
    public_block = nginx.split("listen 8081;")[1]
    # The public pages' own stricter policy passes through; the secret proves the client's address.
    assert "Content-Security-Policy" not in public_block and "liaison-public-proxy-secret.conf" in public_block
    assert "include /etc/nginx/liaison-proxy-secret.conf" not in public_block       # never the staff secret
    assert "LIAISON_PROXY_SECRET=" not in (DEPLOY / "liaison-public.service").read_text()


def test_the_jupyterhub_config_names_users_by_the_hub_and_finds_the_template(monkeypatch):
    config = Config()
    monkeypatch.setenv("LIAISON_HOME", str(ROOT))
    monkeypatch.delenv("LIAISON_DB_URL", raising=False)   # the deployment default, not the tests' database
    source = (DEPLOY / "jupyterhub_config.py").read_text(encoding="utf-8")
    exec(compile(source, "jupyterhub_config.py", "exec"), {"get_config": lambda: config})
    env = config.Spawner.environment
    assert env["LIAISON_AUTH"] == "hub" and env["LIAISON_DB_URL"].startswith("postgresql://")
    assert Path(config.Spawner.notebook_dir) == ROOT / "notebooks" / "apps"
    template = Path(env["JUPYTER_PATH"]) / "voila" / "templates" / "liaison"
    assert template.resolve() == (ROOT / "voila-templates" / "liaison").resolve()
    assert (template / "index.html.j2").exists()
    assert "--VoilaConfiguration.template=liaison" in config.Spawner.args


def test_the_jupyterhub_config_lands_analysts_in_jupyterlab(monkeypatch):
    from types import SimpleNamespace
    config = Config()
    monkeypatch.setenv("LIAISON_HOME", str(ROOT))
    source = (DEPLOY / "jupyterhub_config.py").read_text(encoding="utf-8")
    exec(compile(source, "jupyterhub_config.py", "exec"), {"get_config": lambda: config})
    hook = config.Spawner.pre_spawn_hook

    def spawned(*groups):
        spawner = SimpleNamespace(user=SimpleNamespace(groups=[SimpleNamespace(name=g) for g in groups]),
                                  notebook_dir=config.Spawner.notebook_dir, default_url=config.Spawner.default_url,
                                  args=list(config.Spawner.args), environment=dict(config.Spawner.environment))
        hook(spawner)
        return spawner
    staff, analyst = spawned("staff"), spawned("analysts")
    assert staff.default_url == "/voila/" and Path(staff.notebook_dir) == ROOT / "notebooks" / "apps"
    assert analyst.default_url == "/lab/tree/analysis" and Path(analyst.notebook_dir) == ROOT / "notebooks"
    assert (ROOT / "notebooks" / "analysis").is_dir() and "--LabApp.news_url=None" in analyst.args
    assert (Path(analyst.environment["JUPYTER_CONFIG_PATH"]) / "labconfig" / "default_setting_overrides.json").is_file()
    assert config.Spawner.environment["LIAISON_AUTH"] == "hub"     # both sign in as themselves
    assert "analysts" in config.JupyterHub.load_groups


def _hub_config(monkeypatch):
    config = Config()
    monkeypatch.setenv("LIAISON_HOME", str(ROOT))
    source = (DEPLOY / "jupyterhub_config.py").read_text(encoding="utf-8")
    exec(compile(source, "jupyterhub_config.py", "exec"), {"get_config": lambda: config})
    return config


def test_analysts_servers_get_the_analysts_account_never_the_apps(monkeypatch):
    from types import SimpleNamespace
    monkeypatch.setenv("LIAISON_DB_URL", "postgresql://liaison:apps-secret@db/liaison")
    monkeypatch.setenv("LIAISON_ANALYST_DB_URL", "postgresql://liaison_analyst@db/liaison")
    config = _hub_config(monkeypatch)
    spawner = SimpleNamespace(user=SimpleNamespace(groups=[SimpleNamespace(name="analysts")]),
                              notebook_dir="", default_url="", args=list(config.Spawner.args),
                              environment=dict(config.Spawner.environment))
    config.Spawner.pre_spawn_hook(spawner)
    assert spawner.environment["LIAISON_DB_URL"] == "postgresql://liaison_analyst@db/liaison"
    assert "apps-secret" not in str(spawner.environment)
    assert not any("staff_gate" in a for a in spawner.args)


def test_a_staff_members_hub_server_serves_voila_and_nothing_else(monkeypatch, tmp_path):
    """The single-user server as the hub starts it for staff (the config's own arguments), run here
    as a plain Jupyter server: JupyterLab, terminals, the kernels and contents APIs are refused."""
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    from toolkit.ops.cli import main as liaison
    from toolkit.ops.ports import free_port
    config = _hub_config(monkeypatch)
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    assert liaison(["init", "--db", url]) == 0
    port, token = free_port(), "staff-test-token"
    as_root = ["--allow-root"] if os.geteuid() == 0 else []
    env = {**os.environ, **config.Spawner.environment, "LIAISON_DB_URL": url, "LIAISON_AUTH": "local",
           "JUPYTER_PATH": str(DEPLOY / "jupyter"), "JUPYTER_TOKEN": token}
    proc = subprocess.Popen([sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}",
                             "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={ROOT / 'notebooks' / 'apps'}",
                             *config.Spawner.args, *as_root],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def status(path, method="GET"):
        request = urllib.request.Request(f"http://127.0.0.1:{port}/{path}", method=method,
                                         headers={"Authorization": f"token {token}"},
                                         data=b"{}" if method == "POST" else None)
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if status("voila/")[0] == 200:
                    break
            except urllib.error.URLError:
                pass
            time.sleep(0.5)
        code, landing = status("voila/")
        assert code == 200 and "cases.ipynb" in landing
        for path, method in (("lab", "GET"), ("tree", "GET"), ("api/kernels", "GET"), ("api/kernels", "POST"),
                             ("api/sessions", "GET"), ("api/terminals", "GET"), ("api/terminals", "POST"),
                             ("api/contents", "GET"), ("api/contents/cases.ipynb", "GET"), ("files/cases.ipynb", "GET"),
                             ("api/kernelspecs", "GET"), ("voila/../api/contents", "GET")):
            code, body = status(path, method)
            assert code in (403, 404), (path, method, code)
            assert '"content"' not in body and '"id"' not in body, (path, body[:200])
    finally:
        proc.terminate()
        proc.wait(20)


@pytest.mark.parametrize("unit", ["liaison-staff.service", "liaison-public.service", "liaison-notify.service",
                                  "liaison-backup.service"])
def test_every_unit_has_a_private_tmp(unit):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read_string((DEPLOY / unit).read_text(encoding="utf-8"))
    assert parser["Service"]["PrivateTmp"] == "yes"


def test_the_nightly_backup_unit_runs_a_rotated_backup_the_cli_accepts():
    env, args = _unit("liaison-backup.service")
    parsed = build_parser().parse_args(args)
    assert parsed.fn.__name__ == "cmd_backup" and parsed.dir and parsed.keep >= 7 and parsed.file is None
    assert "LIAISON_DB_URL" in env and "LIAISON_BACKUP_KEY=" not in (DEPLOY / "liaison-backup.service").read_text().replace(
        "# LIAISON_BACKUP_KEY=", "")                      # the key lives in the EnvironmentFile, never in the unit
    timer = configparser.ConfigParser(interpolation=None)
    timer.read_string((DEPLOY / "liaison-backup.timer").read_text(encoding="utf-8"))
    assert timer["Timer"]["OnCalendar"] and timer["Timer"]["Persistent"] == "true"
