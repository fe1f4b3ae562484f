"""The file in an upload box: read as the panels read it, and put there as the browser would."""
from __future__ import annotations

from datetime import datetime, timezone

import ipywidgets as w

from toolkit.core.errors import ToolkitError


def uploaded(upload: w.FileUpload, missing: str = "请先选择要导入的文件") -> tuple[bytes, str]:
    """(content, file name) of the chosen file; refused in Chinese when none is chosen."""
    if not upload.value:
        raise ToolkitError(missing)
    item = upload.value[0]
    return bytes(item["content"]), item["name"]


def put_file(upload: w.FileUpload, content: bytes, name: str) -> None:
    """Put a file in the upload box as the browser would (for tests and scripts)."""
    upload.value = ({"name": name, "type": "", "size": len(content), "content": memoryview(content),
                     "last_modified": datetime.now(timezone.utc)},)
