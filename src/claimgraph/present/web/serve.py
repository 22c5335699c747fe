"""Serve a store on a free loopback port: for the browser tests, the load bench and tools.

:func:`serving` runs the app under uvicorn in a background thread of this process (what a
test fixture or a screenshot script wants); :func:`serving_process` runs
``claimgraph serve`` in a child process (what a load benchmark wants, so that its clients
do not share the server's interpreter). Both wait until the server answers and yield its
base URL, ``http://127.0.0.1:PORT``, and stop it on leaving.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager

import uvicorn

from claimgraph.present.web.app import WebSettings, create_app

LOOPBACK = "127.0.0.1"
STARTUP_SECONDS = 30.0  # a cold start imports spaCy's dependencies: seconds, not minutes
POLL_SECONDS = 0.05


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_answering(
    base_url: str, running: Callable[[], bool], timeout: float = STARTUP_SECONDS
) -> None:
    """Return once ``base_url`` answers an HTTP request (any status); raise after ``timeout``.

    ``running`` says whether the server is still up: waiting ends at once when it stops,
    instead of running out the clock on a server that failed to start.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not running():
            raise RuntimeError(f"the server for {base_url} stopped before answering")
        try:
            with urllib.request.urlopen(f"{base_url}/openapi.json", timeout=POLL_SECONDS * 20):
                return
        except urllib.error.HTTPError:
            return  # it answered, even if not with 200
        except OSError:
            time.sleep(POLL_SECONDS)
    raise TimeoutError(f"no answer from {base_url} after {timeout:.0f} s")


@contextmanager
def serving(db: str, token: str | None = None) -> Iterator[str]:
    """Serve the store at ``db`` from a thread of this process; yield its base URL.

    The listening socket is bound here, before the server starts, so that no other
    process can take the port in between.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((LOOPBACK, 0))
    base_url = f"http://{LOOPBACK}:{listener.getsockname()[1]}"
    app = create_app(WebSettings(db, token))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, name="claimgraph-serve", daemon=True
    )
    thread.start()
    try:
        wait_until_answering(base_url, thread.is_alive)
        yield base_url
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_SECONDS)
        listener.close()
        app.state.store.close()


@contextmanager
def serving_process(db: str) -> Iterator[str]:
    """Run ``claimgraph serve`` on the store at ``db`` in a child process; yield its URL.

    The port is found free here and bound by the child: should another process take it in
    between, the child exits and waiting for it stops at once with an error.
    """
    port = free_port()
    command = [sys.executable, "-m", "claimgraph.cli", "serve", "--db", db]
    command += ["--host", LOOPBACK, "--port", str(port)]
    child = subprocess.Popen(command)
    base_url = f"http://{LOOPBACK}:{port}"
    try:
        wait_until_answering(base_url, lambda: child.poll() is None)
        yield base_url
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
