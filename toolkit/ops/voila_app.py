"""Voilà as the staff apps run it: the stock server, with its keep-alive heartbeat sent as an HTML
comment. Voilà writes `<script>window.voila_heartbeat()</script>` into a page whose cell takes
longer than `http_keep_alive_timeout`; the apps' Content-Security-Policy refuses inline scripts
(so that injected markup cannot run), and the refusal would show in every slow page's console.
A comment keeps the connection alive just as well and runs nothing."""
from __future__ import annotations

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


class LiaisonVoila(Voila):
    """The stock Voilà app with the transform above in its Tornado application."""

    def listen(self):
        self.app.transforms.append(HeartbeatAsComment)
        super().listen()


main = LiaisonVoila.launch_instance

if __name__ == "__main__":
    main()
