"""Before a talk or a class: open every guided scene once on a running server, so each later opens at once.

Each scene's heavy result (trained networks, maps, precomputed sweeps) is cached by the server for
every session; this visits them all in a headless Chromium and prints how long each took.

Behind the class proxy (scripts/serve_class.sh or scripts/serve_class/compose.yaml) every app process
has caches of its own, so every process must warm itself. Given the proxy's address, this finds one
value of the proxy's routing cookie (`lab_route`) per process (from the X-Lab-Upstream header of
/healthz) and warms each process through the proxy with that cookie.

Usage: .venv/bin/python scripts/warm_up.py [http://localhost:8501] [--processes N] [--parallel K]
  --processes N  processes behind the proxy (default: what /_class/processes says; compose needs it)
  --parallel K   processes warmed at once, each by its own Chromium (default 1)
"""

from __future__ import annotations

import argparse
import secrets
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scene_latency import open_scene  # noqa: E402
from core.scenes import SCENES  # noqa: E402
from tests.browser import launch  # noqa: E402

ROUTE_COOKIE = "lab_route"
PROBES_PER_PROCESS = 64  # random keys tried per process to find: misses one with chance (1 - 1/N)^(64 N)


def _get(url: str, cookie: str = "") -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), ""


def processes_behind(base: str) -> int | None:
    """The count the class proxy announces at /_class/processes; None for a plain server or compose."""
    status, _, body = _get(f"{base}/_class/processes")
    return int(body) if status == 200 and body.strip().isdigit() else None


def route_keys(base: str, processes: int | None) -> dict[str, str]:
    """{process address: a `lab_route` value that the proxy sends to it}; {} when ``base`` is no class proxy.

    Tries random keys until ``processes`` processes are found, or (count unknown) until
    PROBES_PER_PROCESS keys in a row found no new one.
    """
    found: dict[str, str] = {}
    misses = 0
    while misses < PROBES_PER_PROCESS * max(1, processes or 1):
        key = secrets.token_hex(16)
        status, headers, _ = _get(f"{base}/healthz", f"{ROUTE_COOKIE}={key}")
        upstream = headers.get("X-Lab-Upstream", "")
        if status != 200 or not upstream:
            return {}
        upstream = upstream.split(",")[-1].strip()  # "a, b" when a failed and b answered
        misses = misses + 1 if upstream in found else 0
        found.setdefault(upstream, key)
        if processes is not None and len(found) >= processes:
            break
    return found


class PinnedBrowser:
    """Looks like a Browser to open_scene, but every new page is a new session carrying the route cookie."""

    def __init__(self, browser, base: str, key: str):
        self.browser, self.base, self.key, self.contexts = browser, base, key, []

    def new_page(self, **options):
        context = self.browser.new_context(**options)
        context.add_cookies([{"name": ROUTE_COOKIE, "value": self.key, "url": self.base}])
        self.contexts.append(context)
        return context.new_page()

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def warm(base: str, key: str | None, label: str) -> None:
    """Every scene once, in fresh sessions, all on one process (the one ``key`` routes to)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        target = PinnedBrowser(browser, base, key) if key else browser
        for number, scene in enumerate(SCENES, start=1):
            print(f"{label}{number:2d}. {scene.title}: {open_scene(target, base, scene):.1f} s", flush=True)
        if key:
            target.close()
        browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", default="http://localhost:8501")
    parser.add_argument("--processes", type=int, help="processes behind the class proxy (1 to 64)")
    parser.add_argument("--parallel", type=int, default=1, help="processes warmed at once (1 to 64)")
    args = parser.parse_args(argv)
    for name in ("processes", "parallel"):
        value = getattr(args, name)
        if value is not None and not 1 <= value <= 64:
            parser.error(f"--{name}={value} is out of range: use an integer from 1 to 64")
    base = args.base.rstrip("/")
    keys = route_keys(base, args.processes or processes_behind(base))
    if not keys:
        warm(base, None, "")
        return 0
    wanted = args.processes or processes_behind(base)
    print(f"{len(keys)} process(es) behind {base}: {', '.join(sorted(keys))}", flush=True)
    if wanted and len(keys) < wanted:
        print(f"found {len(keys)} of {wanted} processes (is one down? scripts/serve_class.sh status)", flush=True)
    jobs = [threading.Thread(target=warm, args=(base, key, f"[{upstream}] ")) for upstream, key in sorted(keys.items())]
    for start in range(0, len(jobs), args.parallel):
        batch = jobs[start:start + args.parallel]
        for job in batch:
            job.start()
        for job in batch:
            job.join()
    return 0 if not wanted or len(keys) >= wanted else 1


if __name__ == "__main__":
    sys.exit(main())
