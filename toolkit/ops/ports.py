"""A free local port for a server the load tests, the benchmark or the tests start.

Picked below the range the system hands out by itself (32768–60999 on Linux), where a Jupyter
kernel's ports and every client's outgoing port land: a port taken there between our check and our
server's bind is how a page once got a kernel's bytes instead of HTTP. Each process starts at its
own random place and never hands out the same port twice."""
from __future__ import annotations

import random
import socket
import threading

LOW, HIGH = 20000, 32000
_given: set[int] = set()
_lock = threading.Lock()


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def free_port() -> int:
    """A port nothing listens on now, outside the system's own range, not given before by this process."""
    with _lock:
        start = random.SystemRandom().randrange(LOW, HIGH)
        for offset in range(HIGH - LOW):
            port = LOW + (start - LOW + offset) % (HIGH - LOW)
            if port not in _given and _bindable(port):
                _given.add(port)
                return port
    raise OSError("没有可用的本地端口")
