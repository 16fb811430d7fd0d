"""Real browser through the class proxy (issue 17): `scripts/serve_class.sh 2` serves the app; one session's
page, websocket and reruns all reach one process (nginx's access log names the process per request), two
sessions whose route cookies hash apart reach the two processes, scripts/warm_up.py finds a route to each
process, and `serve_class.sh stop` ends every process it started."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.browser import SHOTS, ConsoleLog
from tests.streamlit_server import chromium_path, free_port
from tests.test_serve_class import nginx_binary

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import warm_up  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LINE = re.compile(r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) upstream=(?P<upstream>\S+) route=(?P<route>\S+)')


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(proxy URL, run folder, PIDs of the app processes) of `scripts/serve_class.sh 2`; stopped after."""
    nginx_binary(), chromium_path()  # skip or fail (under CI) first, with the reason
    run = tmp_path_factory.mktemp("serve_class")
    env = {**os.environ, "SERVE_CLASS_RUN": str(run), "PORT": str(free_port()), "ADDRESS": "127.0.0.1",
           "APP_PORT": str(free_port())}
    started = subprocess.run(["bash", "scripts/serve_class.sh", "2"], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=300)
    pids = [int(p.read_text()) for p in sorted(run.glob("app-*.pid"))]
    try:
        assert started.returncode == 0, started.stderr
        url = re.search(r"^Open (http://\S+)$", started.stdout, re.M).group(1)
        assert len(pids) == 2
        yield url, run, pids
    finally:
        stopped = subprocess.run(["bash", "scripts/serve_class.sh", "stop"], cwd=ROOT, env=env, capture_output=True,
                                 text=True, timeout=60)
        assert stopped.returncode == 0, stopped.stderr
        for pid in pids if started.returncode == 0 else []:
            assert not Path(f"/proc/{pid}").exists(), f"process {pid} still runs after stop"
        assert not (run / "nginx.pid").exists()


@pytest.fixture(scope="module")
def chromium(browser):
    """The session's one Chromium (tests/conftest.py): Playwright's sync API allows one instance per process."""
    return browser


def requests_of(run: Path, route: str, *, streams: int = 0) -> list[dict]:
    """The access log's requests of one route cookie, once ``streams`` websockets of it are logged (nginx
    logs a websocket when it closes, a moment after the browser closed it; 30 s at most)."""
    deadline = time.monotonic() + 30
    while True:
        lines = (run / "access.log").read_text().splitlines()
        found = [m.groupdict() for m in map(LINE.search, lines) if m and m["route"] == route]
        if sum(r["path"].startswith("/_stcore/stream") for r in found) >= streams or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def open_home_then_theory_then_a_lesson(context, url: str, shot: str) -> str:
    """A session with two reruns over its websocket (page switches), the second to a lesson's figures (big
    JavaScript chunks, which nginx must pass on whole); returns its route cookie."""
    page = context.new_page()
    console = ConsoleLog()
    console.watch(page)
    page.goto(url)
    page.get_by_role("heading", name="Equivalence Lab").first.wait_for(timeout=120_000)
    page.get_by_role("link", name="Theory").first.click()
    page.get_by_role("heading", name="Theory").first.wait_for(timeout=120_000)
    page.get_by_role("link", name="Count functions, not weights").first.click()
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=180_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / shot))
    route = {c["name"]: c["value"] for c in context.cookies()}["lab_route"]
    assert console.errors == []
    return route


def test_one_session_stays_on_one_process(served, chromium):
    url, run, _ = served
    context = chromium.new_context(viewport={"width": 1280, "height": 800})  # no cookie: the proxy hands one out
    route = open_home_then_theory_then_a_lesson(context, url, "serve_class_session.png")
    context.close()  # the websocket's log line is written when it closes
    requests = requests_of(run, route, streams=1)
    streams = [r for r in requests if r["path"].startswith("/_stcore/stream")]
    assert len(streams) == 1 and streams[0]["status"] == "101", [r["path"] for r in requests]  # one websocket, upgraded
    assert requests[0]["path"] == "/", requests  # the very first request, before the cookie, hashed alike
    assert len({r["upstream"] for r in requests}) == 1, requests
    assert len(requests) >= 5, requests


def test_two_sessions_can_reach_the_two_processes(served, chromium):
    """From one IP: route cookies that the proxy sends apart (found over /healthz) take two sessions apart."""
    url, run, _ = served
    keys = warm_up.route_keys(url, 2)
    assert len(keys) == 2, keys
    seen = {}
    for number, (upstream, key) in enumerate(sorted(keys.items())):
        context = chromium.new_context(viewport={"width": 1280, "height": 800})
        context.add_cookies([{"name": "lab_route", "value": key, "url": url}])
        assert open_home_then_theory_then_a_lesson(context, url, f"serve_class_session_{number}.png") == key
        context.close()
        requests = [r for r in requests_of(run, key, streams=1) if r["path"] != "/healthz"]
        assert any(r["path"].startswith("/_stcore/stream") for r in requests), [r["path"] for r in requests]
        seen[key] = {r["upstream"] for r in requests}
        assert seen[key] == {upstream}, (key, seen[key])
    assert len(set.union(*seen.values())) == 2


def test_warm_up_reads_the_process_count_from_the_proxy_and_not_from_a_process(served):
    url, run, _ = served
    assert warm_up.processes_behind(url) == 2
    one_process = "http://127.0.0.1:" + sorted(run.glob("app-*.pid"))[0].stem.removeprefix("app-")
    assert warm_up.processes_behind(one_process) is None and warm_up.route_keys(one_process, None) == {}


def test_a_slow_reader_gets_the_biggest_script_whole(served):
    """A student's slow connection: nginx must hold the reply (4.7 MB, Plotly's chunk) without its temp folder,
    which its workers (nobody, when started as root) cannot enter in a 0700 run folder such as this test's."""
    import socket

    import streamlit

    url, run, _ = served
    scripts = Path(streamlit.__file__).parent / "static" / "static" / "js"
    biggest = max(scripts.glob("*.js"), key=lambda path: path.stat().st_size)
    host, port = url.removeprefix("http://").split(":")
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # the reply cannot sit in our kernel buffer
        sock.connect((host, int(port)))
        sock.sendall(f"GET /static/js/{biggest.name} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        time.sleep(3)  # nginx has read the process's reply by now, and must keep it somewhere
        received = b""
        while chunk := sock.recv(1 << 16):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head[:200]
    assert len(body) == biggest.stat().st_size, (len(body), biggest.stat().st_size, (run / "error.log").read_text())
