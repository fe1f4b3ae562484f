"""Driving a widget as the browser does: a comm message delivered to it (a click, a changed value),
which is also how a forged message arrives."""
from __future__ import annotations


def forge(widget, method: str, **content) -> None:
    """Deliver a comm message to a widget as the kernel does when a browser sends one."""
    data = {"method": method, **content}
    widget._handle_msg({"content": {"data": data}, "buffers": []})


def click(button) -> None:
    forge(button, "custom", content={"event": "click"})


def update(widget, **state) -> None:
    forge(widget, "update", state=state, buffer_paths=[])


def pick(dropdown, value) -> None:
    """Choose an option as the browser does: Dropdown syncs the index, not the value."""
    update(dropdown, index=[v for _, v in dropdown.options].index(value))
