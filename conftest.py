"""Session-wide: the notebooks under test read a fresh small demo database, never the user's."""
import os
import tempfile

_tmp = tempfile.TemporaryDirectory(prefix="liaison-test-")


def pytest_configure(config):
    from toolkit.ops.cli import main

    url = f"sqlite:///{os.path.join(_tmp.name, 'demo-small.sqlite3')}"
    os.environ["LIAISON_DB_URL"] = url  # nbval kernels inherit it
    if not os.path.exists(url.removeprefix("sqlite:///")):
        main(["init", "--demo", "small", "--db", url])
