"""Session-wide: the notebooks under test read a fresh small demo database, never the user's."""
import os
import tempfile
import uuid

_tmp = tempfile.TemporaryDirectory(prefix="liaison-test-")


def pytest_configure(config):
    from toolkit.ops.cli import main

    # Made once by the first process (pytest-xdist's workers inherit the variable: they read the
    # same file); the tests' `demo_url` copies it.
    # The run's own name for what it makes on the shared PostgreSQL server (templates): two runs at
    # once (a local run beside CI) must not rebuild each other's.
    os.environ.setdefault("LIAISON_TEST_RUN", uuid.uuid4().hex[:8])
    url = os.environ.get("LIAISON_TEST_NOTEBOOK_DB_URL") or f"sqlite:///{os.path.join(_tmp.name, 'demo-small.sqlite3')}"
    os.environ["LIAISON_DB_URL"] = os.environ["LIAISON_TEST_NOTEBOOK_DB_URL"] = url  # nbval kernels inherit it
    if not os.path.exists(url.removeprefix("sqlite:///")):
        main(["init", "--demo", "small", "--db", url])
