"""JupyterHub in front of the staff apps and the analysts' workbench: the hub signs users in; each
user's own server runs the apps as Voilà pages, and JUPYTERHUB_USER (set by the hub, not by the
page) names the user to the toolkit (LIAISON_AUTH=hub). Users must also exist in the apps: `liaison
user add LOGIN NAME ROLE`. Members of the hub group `analysts` (role 分析员 in the apps: reads within
their scope, personal data masked) land in JupyterLab on the analysis and report notebooks instead.
See docs/deploy.md; tests/test_ops_deploy_config.py loads this file.
"""
import os

c = get_config()  # noqa: F821  (JupyterHub provides get_config when it loads this file)

PROJECT = os.environ.get("LIAISON_HOME", "/srv/liaison")        # the checkout, with its .venv
DB_URL = os.environ.get("LIAISON_DB_URL", "postgresql://liaison@db.internal/liaison")
# Analysts run code: their servers get only the analysts' account (`liaison db grant-analyst`:
# read-only views, personal data masked), never the apps'.
ANALYST_DB_URL = os.environ.get("LIAISON_ANALYST_DB_URL", "postgresql://liaison_analyst@db.internal/liaison")

c.JupyterHub.bind_url = "http://127.0.0.1:8000"
# The unit's sign-in: replace with its authenticator (LDAP, OAuth/CAS); PAM signs in system users.
c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"

# Each user's server is a Jupyter server with Voilà, opened on the landing page of the apps.
c.Spawner.cmd = [f"{PROJECT}/.venv/bin/jupyterhub-singleuser"]
c.Spawner.notebook_dir = f"{PROJECT}/notebooks/apps"
c.Spawner.default_url = "/voila/"
# Staff get Voilà and nothing else: toolkit.ops.staff_gate answers 403 to JupyterLab, terminals and the
# kernels and contents APIs, and the kernels take widget messages only (no code from the page).
STAFF_ARGS = [
    "--ServerApp.jpserver_extensions={'voila': True, 'toolkit.ops.staff_gate': True}",
    "--ServerApp.terminals_enabled=False",
    "--MappingKernelManager.allowed_message_types=['comm_open', 'comm_close', 'comm_msg', 'comm_info_request', "
    "'kernel_info_request', 'shutdown_request']",
]
c.Spawner.args = STAFF_ARGS + [
    "--VoilaConfiguration.template=liaison",
    "--VoilaConfiguration.theme=light",
]
c.Spawner.environment = {
    "LIAISON_AUTH": "hub",
    "LIAISON_DB_URL": DB_URL,
    "JUPYTER_PATH": f"{PROJECT}/deploy/jupyter",   # voila/templates/liaison → the project's template
    "LIAISON_PUBLIC_URL": os.environ.get("LIAISON_PUBLIC_URL", "https://liuyan.example.gov.cn/"),
}
# Analysts: JupyterLab on notebooks/ (analysis/, reports/), each with their own identity (the same
# LIAISON_AUTH=hub: `toolkit.connect()` in a notebook reads as them). Add members in the hub's admin
# page or here; their login must be an 分析员 (or another role) in the apps.
ANALYSTS = "analysts"
c.JupyterHub.load_groups = {ANALYSTS: {"users": []}}
LAB_ARGS = ["--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly"]    # nothing fetched from outside (as liaison lab)


def landing(spawner):
    """Staff land in the Voilà apps; the `analysts` group in JupyterLab on the analysis notebooks."""
    if ANALYSTS in {g.name for g in spawner.user.groups}:
        spawner.notebook_dir = f"{PROJECT}/notebooks"
        spawner.default_url = "/lab/tree/analysis"
        spawner.args = [a for a in spawner.args if a not in STAFF_ARGS] + LAB_ARGS
        # deploy/jupyter/labconfig: JupyterLab in Chinese, no news prompt.
        spawner.environment = {**spawner.environment, "JUPYTER_CONFIG_PATH": f"{PROJECT}/deploy/jupyter",
                               "LIAISON_DB_URL": ANALYST_DB_URL}


c.Spawner.pre_spawn_hook = landing
# A kernel per open page, at about 140 MB each: bound what one user's server may hold.
c.Spawner.mem_limit = "2G"
# Stop servers nobody has used for an hour (their kernels with them).
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": ["python3", "-m", "jupyterhub_idle_culler", "--timeout=3600"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
