"""Preheated kernels: an app notebook imports its code first, then waits here until someone opens
the page, so the data it shows is read at that moment. Without preheating this returns at once
(and does not import Voilà's server code, which costs seconds)."""
from __future__ import annotations

import os

_requested = False


def wait_for_request() -> None:
    """Block a preheated kernel until its page is requested (once; Voilà then puts the request's
    details, QUERY_STRING included, into the environment); no-op otherwise."""
    global _requested
    if _requested or os.getenv("VOILA_PREHEAT", "False") != "True":
        return
    from voila.utils import wait_for_request as wait
    wait()
    _requested = True
