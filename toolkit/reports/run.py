"""Running a report notebook with its parameters (as papermill does: a cell after the one tagged
`parameters`) and turning the result into one HTML page without code and without anything
loaded from outside — what staff get from `liaison report NAME … --out FILE.html`."""
from __future__ import annotations

import copy
import os
import re

import nbformat

from ..core.errors import ToolkitError
from .registry import spec_of

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
                    as_user: str | None = None) -> str:
    """Execute the report's notebook with the parameters (on `db_url`, else the configured
    database; as the user `as_user` when given); the page shows outputs only."""
    return notebook_html(execute_report(name, params, db_url, timeout, as_user))


def execute_report(name: str, params: dict, db_url: str | None = None, timeout: int = 300,
                   as_user: str | None = None):
    """The report's notebook executed with the parameters (cells keep their timings). Its kernel
    reads as `as_user` (LIAISON_AS_USER, which toolkit.connect() honours), else as the caller."""
    from nbclient import NotebookClient

    spec = spec_of(name)
    nb = nbformat.read(spec.notebook, as_version=4)
    if spec.params:
        nb = with_parameters(nb, {k: v for k, v in params.items() if k in spec.params})
    saved = {k: os.environ.get(k) for k in ("LIAISON_DB_URL", "LIAISON_AS_USER")}
    if db_url:   # the kernel inherits the environment when it starts; ours is put back after
        os.environ["LIAISON_DB_URL"] = db_url
    if as_user:
        os.environ["LIAISON_AS_USER"] = as_user
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(spec.notebook.parent)}}).execute()
    except Exception as e:  # a cell failed: say which, in Chinese, without the traceback
        message = ANSI.sub("", str(e)).strip().splitlines()
        reason = next((line for line in reversed(message) if "Error" in line), message[-1] if message else "")
        # The toolkit's own refusals are already a sentence for the user: without their class name.
        reason = TOOLKIT_REFUSAL.sub("", reason)
        raise ToolkitError(f"报告未生成：{reason}") from None
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
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
