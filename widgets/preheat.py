"""Preheated kernels: an app notebook imports its code first, then waits here until someone opens
the page, so the data it shows is read at that moment. Without preheating this returns at once
(and does not import Voilà's server code, which costs seconds)."""
from __future__ import annotations

import os


def wait_for_request() -> None:
    """Block a preheated kernel until its page is requested; no-op otherwise."""
    if os.getenv("VOILA_PREHEAT", "False") != "True":
        return
    from voila.utils import wait_for_request as wait
    wait()
