"""The toolkit's own errors; every message is Chinese and says where."""
from __future__ import annotations

from dataclasses import dataclass


class ToolkitError(Exception):
    """A refusal the user can read: the message is shown as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RememberedRefusal(ToolkitError):
    """A refusal whose trace must outlive the refused transaction (a failed guess that a limit
    counts): the unit of work rolls the request back, then writes `records` in a transaction of
    their own, so the count holds however the request ended."""

    def __init__(self, message: str, *records):
        super().__init__(message)
        self.records = records


class NotFound(ToolkitError):
    """The record asked for does not exist."""


@dataclass(frozen=True)
class FieldError:
    """One problem with one field (`field` is the Chinese column label)."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}：{self.message}"


class ValidationFailed(ToolkitError):
    """A form or row had problems; `errors` lists each one by field."""

    def __init__(self, errors: list[FieldError]):
        self.errors = list(errors)
        super().__init__("；".join(str(e) for e in self.errors))

    def by_field(self) -> dict[str, str]:
        """Messages keyed by field label, first one per field."""
        out: dict[str, str] = {}
        for e in self.errors:
            out.setdefault(e.field, e.message)
        return out


@dataclass(frozen=True)
class RowError:
    """A problem in an imported file, named as Excel names it (header = row 1)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "表头"
        col = f"「{self.column}」" if self.column else ""
        return f"{where}{col}：{self.message}"


class ImportRejected(ToolkitError):
    """A file was refused as a whole; nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = list(errors)
        lines = "\n".join(str(e) for e in self.errors)
        super().__init__(f"导入未执行，共{len(self.errors)}处问题：\n{lines}")


class StaleEdit(ToolkitError):
    """The record changed since the user loaded it (its version moved on); nothing was written."""

    def __init__(self):
        super().__init__("已被他人修改，请刷新后再试。")


def check_version(record, expected: int | None) -> None:
    """Refuse a write made from a stale screen: the version the user loaded must still be current."""
    if expected is not None and record.version != expected:
        raise StaleEdit()
