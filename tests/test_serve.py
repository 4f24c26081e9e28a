"""`mkdocs serve` never hangs on bad data: a broken edit serves a page with the problems,
FILE:LINE, and fixing the file brings the pages back. Runs a real `serve` on a loopback port
on a copy of the fixture data; every request and every wait is bounded."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from conftest import ROOT

pytestmark = pytest.mark.build
REQUEST_TIMEOUT = 15  # seconds for one request: a hung request fails the test instead of waiting
WAIT = 90  # seconds for the page to change after an edit (a rebuild takes one or two)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError):
        return 0, ""  # not listening yet
    except TimeoutError:
        pytest.fail(f"{url} did not answer within {REQUEST_TIMEOUT} s: the preview hangs")


def wait_for(url: str, text: str, server: subprocess.Popen) -> str:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        assert server.poll() is None, "serve stopped"
        status, body = fetch(url)
        if status == 200 and text in body:
            return body
        time.sleep(0.5)
    pytest.fail(f"{url} did not show {text!r} within {WAIT} s")


@contextmanager
def serving(data, sources, log_file):
    """`mkdocs serve` of the project on ``data``, on a free loopback port; stopped afterwards."""
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TIMELINE_DATA=str(data), TIMELINE_SOURCES=str(sources))
    with open(log_file, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(ROOT / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            yield server, f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=20)


def test_a_broken_edit_shows_the_problems_and_fixing_it_recovers(data_copy, fixture_sources, tmp_path):
    with serving(data_copy, fixture_sources, tmp_path / "serve.log") as (server, home):
        page = home + "events/war-2008/"
        wait_for(page, "<h1", server)
        event = data_copy / "events" / "war-2008.yaml"
        good = event.read_text(encoding="utf-8")
        event.write_text(good.replace('date: "2008-08-07/2008-08-12"', 'date: "2008-08-32"'), encoding="utf-8")
        broken = wait_for(page, "war-2008.yaml:3", server)
        assert "The data has 1 problem" in broken and "is not a real date" in broken
        assert "war-2008.yaml:3" in wait_for(home, "The data has 1 problem", server)  # hand-written pages too
        event.write_text(good, encoding="utf-8")
        fixed = wait_for(page, "Five-day war", server)
        assert "The data has" not in fixed


def test_serve_started_on_broken_data_shows_the_problems_too(data_copy, fixture_sources, tmp_path):
    (data_copy / "events" / "stray.txt").write_text("not a record\n")
    with serving(data_copy, fixture_sources, tmp_path / "serve.log") as (server, home):
        body = wait_for(home + "timeline/", "The data has 1 problem", server)
        assert "stray.txt:1" in body
        (data_copy / "events" / "stray.txt").unlink()
        assert "The data has" not in wait_for(home + "timeline/", "2000s", server)
