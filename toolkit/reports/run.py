"""Running a report notebook with its parameters (as papermill does: a cell after the one tagged
`parameters`) and turning the result into one HTML page without code and without anything
loaded from outside — what staff get from `liaison report NAME … --out FILE.html`."""
from __future__ import annotations

import copy
import os
import re
import tempfile
from contextlib import contextmanager
from typing import Iterator

import nbformat
from sqlalchemy import make_url

from ..core.config import resolve_db_url
from ..core.errors import ToolkitError
from .registry import spec_of

# A report is code: its kernel gets only what a report needs, never the staff server's secrets
# (the proxy secret, the server key, the apps' database URL and password, SMTP and SMS secrets).
KEPT = ("PATH", "HOME", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ", "VIRTUAL_ENV", "PYTHONPATH", "JUPYTER_PATH",
        "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_CONFIG_DIR", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
        "LIAISON_CASE_PREFIX", "LIAISON_PUBLIC_URL", "LIAISON_REPORTS_DIR")
ENV_REPORT_URL, ENV_ANALYST_URL = "LIAISON_REPORT_DB_URL", "LIAISON_ANALYST_DB_URL"
NO_ACCOUNT = ("报告须以只读的报告账号运行：请用 liaison db grant-reports 建立账号，并把它的连接地址设为 "
              f"{ENV_REPORT_URL}（分析员的报告另用 {ENV_ANALYST_URL}）")


def reader_url(db_url: str, analyst: bool = False) -> str:
    """The database a report kernel reads: the analysts' account for an analyst, else the report
    account; on SQLite (no accounts) the same file opened read-only."""
    chosen = os.environ.get(ENV_ANALYST_URL if analyst else ENV_REPORT_URL) or os.environ.get(ENV_REPORT_URL)
    if chosen:
        return chosen
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        path = url.database[5:] if url.database.startswith("file:") else url.database
        return f"sqlite:///file:{os.path.abspath(path)}?mode=ro&uri=true"
    raise ToolkitError(NO_ACCOUNT)


def _pgpass_line(url) -> str:
    fields = (url.host or "localhost", url.port or 5432, url.database, url.username, url.password)
    return ":".join(str(v or "*").replace("\\", "\\\\").replace(":", "\\:") for v in fields) + "\n"


@contextmanager
def kernel_environment(db_url: str, as_user: str | None) -> Iterator[dict[str, str]]:
    """The scrubbed environment of a report kernel. A password in the URL goes to a private
    password file (PGPASSFILE, mode 600) for the kernel's time, never into its environment."""
    env = {k: v for k, v in os.environ.items() if k in KEPT}
    url = make_url(db_url)
    with tempfile.TemporaryDirectory(prefix="liaison-report-") as private:     # mode 700
        if url.password:
            passfile = os.path.join(private, "pgpass")
            fd = os.open(passfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(_pgpass_line(url))
            env["PGPASSFILE"] = passfile
            url = url._replace(password=None)     # URL.set(password=None) would keep it
        env["LIAISON_DB_URL"] = url.render_as_string(hide_password=False)
        if as_user:
            env["LIAISON_AS_USER"] = as_user
        yield env


ANSI = re.compile(r"\x1b\[[0-9;]*m")     # the kernel colours its error lines
TOOLKIT_REFUSAL = re.compile(r"^(ToolkitError|NotFound|ValidationFailed|Forbidden|TooLittleHistory): ")


def with_parameters(nb, params: dict) -> nbformat.NotebookNode:
    """A copy of the notebook with the parameters set right after its `parameters` cell."""
    nb = copy.deepcopy(nb)
    at = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if at is None:
        raise ToolkitError("报告笔记本缺少标记为 parameters 的参数单元格")
    source = "\n".join(f"{k} = {v!r}" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(at + 1, cell)
    return nb


def run_report_html(name: str, params: dict, db_url: str | None = None, timeout: int = 300,
                    as_user: str | None = None, analyst: bool = False) -> str:
    """Execute the report's notebook with the parameters (reading `db_url`'s data, else the
    configured database's, through a read-only account; as the user `as_user` when given); the
    page shows outputs only."""
    return notebook_html(execute_report(name, params, db_url, timeout, as_user, analyst))


def execute_report(name: str, params: dict, db_url: str | None = None, timeout: int = 300,
                   as_user: str | None = None, analyst: bool = False):
    """The report's notebook executed with the parameters (cells keep their timings), in a kernel
    with a scrubbed environment that reads through the report account (the analysts' for an
    analyst), as `as_user` when given."""
    from nbclient import NotebookClient

    spec = spec_of(name)
    nb = nbformat.read(spec.notebook, as_version=4)
    if spec.params:
        nb = with_parameters(nb, {k: v for k, v in params.items() if k in spec.params})
    try:
        with kernel_environment(reader_url(resolve_db_url(db_url), analyst), as_user) as env:
            NotebookClient(nb, timeout=timeout, kernel_name="python3",
                           resources={"metadata": {"path": str(spec.notebook.parent)}}).execute(env=env)
    except ToolkitError:
        raise
    except Exception as e:  # a cell failed: say which, in Chinese, without the traceback
        message = ANSI.sub("", str(e)).strip().splitlines()
        reason = next((line for line in reversed(message) if "Error" in line), message[-1] if message else "")
        # The toolkit's own refusals are already a sentence for the user: without their class name.
        reason = TOOLKIT_REFUSAL.sub("", reason)
        raise ToolkitError(f"报告未生成：{reason}") from None
    return nb


def notebook_html(nb) -> str:
    """An executed notebook as one page: outputs only, nothing loaded from outside."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    # Offline: no script, style or font fetched from a CDN (the report's own content is inline).
    body = re.sub(r"<script[^>]+src=\"https?://[^\"]+\"[^>]*>\s*</script>", "", body)
    body = re.sub(r"<link[^>]+href=\"https?://[^\"]+\"[^>]*>", "", body)
    # The template's Mermaid loader would import from a CDN if a diagram were present: drop it.
    body = re.sub(r"<script type=\"module\">(?:(?!</script>).)*cdnjs(?:(?!</script>).)*</script>", "", body, flags=re.S)
    return body
