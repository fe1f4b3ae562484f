"""Voilà as the staff apps run it: the stock server, with its keep-alive heartbeat sent as an HTML
comment. Voilà writes `<script>window.voila_heartbeat()</script>` into a page whose cell takes
longer than `http_keep_alive_timeout`; the apps' Content-Security-Policy refuses inline scripts
(so that injected markup cannot run), and the refusal would show in every slow page's console.
A comment keeps the connection alive just as well and runs nothing."""
from __future__ import annotations

import logging
import warnings

from tornado.web import OutputTransform
from voila.app import Voila

HEARTBEAT = b"<script>window.voila_heartbeat()</script>\n"
QUIET = b"<!-- voila -->\n"


class HeartbeatAsComment(OutputTransform):
    """Rewrites Voilà's inline heartbeat, whole, wherever a chunk carries it."""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        return status_code, headers, chunk.replace(HEARTBEAT, QUIET)

    def transform_chunk(self, chunk, finishing):
        return chunk.replace(HEARTBEAT, QUIET)


# What the terminal of `make serve` showed eight times over and nobody can act on: the apps are not
# signed notebooks (trust is for a browser's Jupyter, not a server that renders its own files).
UNACTIONABLE = ("is not trusted",)


class Unactionable(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not any(text in record.getMessage() for text in UNACTIONABLE)


class LiaisonVoila(Voila):
    """The stock Voilà app with the transform above in its Tornado application, and a quiet log."""

    def listen(self):
        self.app.transforms.append(HeartbeatAsComment)
        for handler in [*logging.getLogger().handlers, *self.log.handlers]:
            handler.addFilter(Unactionable())
        self.log.addFilter(Unactionable())
        super().listen()


# Deprecation notices (traitlets' about Voilà's own options): for the libraries' developers, not a station.
warnings.filterwarnings("ignore", category=DeprecationWarning)


main = LiaisonVoila.launch_instance

if __name__ == "__main__":
    main()
