"""JupyterHub in front of the staff apps: the hub signs users in; each user's own server runs the
apps as Voilà pages, and JUPYTERHUB_USER (set by the hub, not by the page) names the user to the
toolkit (LIAISON_AUTH=hub). Users must also exist in the apps: `liaison user add LOGIN NAME ROLE`.
See docs/deploy.md; tests/test_deploy_config.py loads this file.
"""
import os

c = get_config()  # noqa: F821  (JupyterHub provides get_config when it loads this file)

PROJECT = os.environ.get("LIAISON_HOME", "/srv/liaison")        # the checkout, with its .venv
DB_URL = os.environ.get("LIAISON_DB_URL", "postgresql://liaison@db.internal/liaison")

c.JupyterHub.bind_url = "http://127.0.0.1:8000"
# The unit's sign-in: replace with its authenticator (LDAP, OAuth/CAS); PAM signs in system users.
c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"

# Each user's server is a Jupyter server with Voilà, opened on the landing page of the apps.
c.Spawner.cmd = [f"{PROJECT}/.venv/bin/jupyterhub-singleuser"]
c.Spawner.notebook_dir = f"{PROJECT}/notebooks/apps"
c.Spawner.default_url = "/voila/"
c.Spawner.args = [
    "--ServerApp.jpserver_extensions={'voila': True}",
    "--VoilaConfiguration.template=liaison",
    "--VoilaConfiguration.theme=light",
]
c.Spawner.environment = {
    "LIAISON_AUTH": "hub",
    "LIAISON_DB_URL": DB_URL,
    "JUPYTER_PATH": f"{PROJECT}/deploy/jupyter",   # voila/templates/liaison → the project's template
    "LIAISON_PUBLIC_URL": os.environ.get("LIAISON_PUBLIC_URL", "https://liuyan.example.gov.cn/"),
}
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
