"""Load test: one Streamlit server, one Chromium, N concurrent sessions through each lesson's first scene.

Each session (a Playwright browser context of its own) opens each page of
PAGES (each lesson's first guided scene, by its link), waiting until a Plotly figure is drawn. Recorded:
console errors and exception boxes, sessions completed, p50/p95 time from opening the link to a drawn
figure per page, the server's peak memory (VmHWM of the server process, /proc), and whether one
session's heavy request (the init lesson's width experiment, run live) slows the others' light page
loads (their latency against the same loads without it).

Runs on a shared 2-core machine: the numbers are upper bounds of what a quiet server does.

  python bench/load_test.py [--sessions 12] [--write docs/reliability.md]

Uses Debian's Chromium (tests/browser.py); never runs `playwright install`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import DEEP_LINK_PROBE
from tests.streamlit_server import CHROMIUM_FLAGS, chromium_path, running_app

# The views every session walks through: (sidebar link text, heading that marks the page as loaded).
# One constant, so it can later point at scenes.
# Each lesson's first guided scene, opened by its link as a student would (label, path, page heading).
PAGES = [
    ("Train a network", "/train?scene=train-a-network", "Train a network"),
    ("Swap two units", "/symmetries?scene=swap-units", "Same function, different weights"),
    ("The bound as width grows", "/bounds?scene=bound-width", "Count functions, not weights"),
    ("Where you start decides where you end", "/init_regions?scene=where-you-start",
     "Where you start decides where you end"),
]
LIGHT_PAGE = PAGES[0]           # loaded again and again while the heavy request runs
HEAVY_PAGE = ("Where you start (page)", "/init_regions", "Where you start decides where you end")  # width experiment
HEAVY_BUTTON = re.compile(r"width experiment")
HEAVY_PROGRESS = "Training the width experiment"  # its progress bar (pages/shared/init_regions/cached.py)
HEAVY_NOT_DONE = ("Shown at once", "Not run yet for these settings")  # texts shown until it has run live
DRAWN = """([heading]) => {
    const h = Array.from(document.querySelectorAll('h1')).some(e => e.innerText.includes(heading));
    const plot = document.querySelector('.js-plotly-plot .main-svg');
    return h && plot !== null;
}"""
TIMEOUT_MS = 240_000
SECTION = "## Load test (bench/load_test.py)"


class Errors:
    def __init__(self):
        self.items: list[str] = []

    def watch(self, page, session: int) -> None:
        def console(message):
            if message.type == "error" and not DEEP_LINK_PROBE.search(message.location.get("url", "")):
                self.items.append(f"session {session}: console: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda error: self.items.append(f"session {session}: pageerror: {error}"))


def server_pid(port: int) -> int | None:
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"streamlit" in b" ".join(cmd) and f"--server.port={port}".encode() in cmd:
                return int(proc.name)
    return None


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int | None) -> float:
    """CPU time (user + system) the server process has used so far (/proc/PID/stat, clock ticks)."""
    if not pid:
        return float("nan")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _open(page, url: str, label: str, path: str, heading: str) -> float:
    """Open a scene's link (a new session, as a student's click on a shared link); seconds to a drawn figure."""
    start = time.perf_counter()
    await page.goto(url + path, timeout=TIMEOUT_MS)
    await page.wait_for_function(DRAWN, arg=[heading], timeout=TIMEOUT_MS)
    return time.perf_counter() - start


async def _exceptions(page) -> int:
    return await page.locator('[data-testid="stException"]').count()


async def _session(browser, url: str, number: int, errors: Errors, times: dict) -> bool:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    errors.watch(page, number)
    try:
        for label, path, heading in PAGES:
            times.setdefault(label, []).append(await _open(page, url, label, path, heading))
            if await _exceptions(page):
                errors.items.append(f"session {number}: exception box on {label}")
        return True
    except Exception as error:  # a failed session is a result, reported below
        errors.items.append(f"session {number}: {type(error).__name__}: {error}")
        return False
    finally:
        await context.close()


async def _light_loads(browser, url: str, count: int, errors: Errors, stop: asyncio.Event | None = None) -> list:
    """Repeated light page loads in fresh contexts: ``count`` of them, or until ``stop``."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    errors.watch(page, -1)
    found = []
    while len(found) < count or (stop is not None and not stop.is_set()):
        found.append(await _open(page, url, *LIGHT_PAGE))
        if stop is None and len(found) >= count:
            break
    await context.close()
    return found


async def _heavy(browser, url: str, errors: Errors) -> float:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    errors.watch(page, 0)
    await _open(page, url, *HEAVY_PAGE)
    button = page.get_by_role("button", name=HEAVY_BUTTON).first
    await button.scroll_into_view_if_needed(timeout=TIMEOUT_MS)
    start = time.perf_counter()
    await button.click()
    progress = page.get_by_text(HEAVY_PROGRESS).first
    try:
        await progress.wait_for(timeout=60_000)
    except Exception:  # a run shorter than one poll shows no bar; the checks below still hold
        pass
    await progress.wait_for(state="hidden", timeout=900_000)
    for marker in HEAVY_NOT_DONE:  # the "precomputed" note or the "not run yet" caption leave once it ran
        await page.get_by_text(marker).first.wait_for(state="hidden", timeout=900_000)
    seconds = time.perf_counter() - start
    if await _exceptions(page):
        errors.items.append("heavy session: exception box")
    await context.close()
    return seconds


def _quantile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def run(sessions: int, light_samples: int) -> dict:
    from playwright.async_api import async_playwright

    with running_app(timeout=120) as url:
        pid = server_pid(int(url.rsplit(":", 1)[1]))
        peak = {"rss": 0}
        done = threading.Event()

        def sample():  # the server's resident memory, every 0.2 s (VmHWM is read at the end as well)
            while not done.is_set() and pid:
                try:
                    peak["rss"] = max(peak["rss"], _status_kib(pid, "VmRSS"))
                except OSError:
                    return
                time.sleep(0.2)

        threading.Thread(target=sample, daemon=True).start()
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                                       args=CHROMIUM_FLAGS)
            errors, times = Errors(), {}
            # warm-up: one session pays the first imports and fills the shared caches
            warm = await _session(browser, url, 0, errors, {})
            start, server_cpu = time.perf_counter(), cpu_seconds(pid)
            results = await asyncio.gather(*(_session(browser, url, n, errors, times) for n in range(1, sessions + 1)))
            wall, server_cpu = time.perf_counter() - start, cpu_seconds(pid) - server_cpu
            baseline = await _light_loads(browser, url, light_samples, errors)
            stop = asyncio.Event()
            heavy_task = asyncio.create_task(_heavy(browser, url, errors))
            light_task = asyncio.create_task(_light_loads(browser, url, light_samples, errors, stop))
            try:
                heavy_seconds = await heavy_task
            except Exception as error:  # reported, the rest of the numbers still count
                errors.items.append(f"heavy session: {type(error).__name__}: {str(error).splitlines()[0]}")
                heavy_seconds = float("nan")
            stop.set()
            during = await light_task
            await browser.close()
        done.set()
        hwm = _status_kib(pid, "VmHWM") if pid else 0
    return dict(sessions=sessions, completed=sum(results), warm=warm, wall=wall, server_cpu=server_cpu,
                errors=errors.items, times=times,
                baseline=baseline, during=during, heavy_seconds=heavy_seconds,
                peak_rss_mib=max(hwm, peak["rss"]) / 1024)


def report(found: dict, command: str) -> str:
    lines = [SECTION, "", f"Command: `{command}` (one server, one Chromium, "
             f"{found['sessions']} concurrent browser contexts; a shared 2-core machine, other jobs running).", "",
             f"- sessions completed: **{found['completed']} of {found['sessions']}** "
             f"(all pages, in {found['wall']:.0f} s wall for the whole burst)",
             f"- errors (console errors, page errors, exception boxes): **{len(found['errors'])}**",
             f"- server peak memory (RSS high-water mark, /proc VmHWM): **{found['peak_rss_mib']:,.0f} MiB**", "",
             f"All sessions start at once, so the burst measures queueing: {found['sessions'] * len(PAGES)} cold "
             "page loads (each a full script run) shared two cores with the 12 browser tabs drawing them. "
             f"The server itself used {found['server_cpu']:.0f} CPU-seconds for the burst, "
             f"**{found['server_cpu'] / (found['sessions'] * len(PAGES)):.2f} s per page load**; the rest of the "
             f"{2 * found['wall']:.0f} core-seconds went to Chromium (in a classroom, each student's own machine).",
             "",
             "| scene (its link opened → a Plotly figure drawn) | p50 | p95 | max |", "|---|---:|---:|---:|"]
    for link, _, _ in PAGES:
        values = found["times"].get(link, [])
        if values:
            lines.append(f"| {link} | {_quantile(values, .5):.1f} s | {_quantile(values, .95):.1f} s | "
                         f"{max(values):.1f} s |")
    base, during = found["baseline"], found["during"]
    lines += ["", f"Heavy request: the width experiment run live in one session took {found['heavy_seconds']:.0f} s. "
              f"Meanwhile another session loaded \"{LIGHT_PAGE[0]}\" {len(during)} times: median "
              f"{statistics.median(during):.1f} s (max {max(during):.1f} s) against {statistics.median(base):.1f} s "
              f"(max {max(base):.1f} s) with no heavy request running."]
    if found["errors"]:
        lines += ["", "Errors:", ""] + [f"- {e}" for e in found["errors"][:20]]
    return "\n".join(lines) + "\n"


def write_section(path: Path, text: str) -> None:
    """Replace the load-test section of ``path`` (up to the next '## ' heading), or append it."""
    old = path.read_text() if path.exists() else ""
    pattern = re.compile(re.escape(SECTION) + r".*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _: text + "\n", old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    path.write_text(new)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=12)
    parser.add_argument("--light-samples", type=int, default=5)
    parser.add_argument("--write", type=Path, help="replace the load-test section of this Markdown file")
    args = parser.parse_args()
    found = asyncio.run(run(args.sessions, args.light_samples))
    command = "python bench/load_test.py" + "".join(
        f" --{k.replace('_', '-')} {v}" for k, v in (("sessions", args.sessions),) if v != 12)
    text = report(found, command)
    print(text)
    if args.write:
        write_section(args.write if args.write.is_absolute() else ROOT / args.write, text)
    return 0 if found["completed"] == found["sessions"] and not found["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
