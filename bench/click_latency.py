"""Benchmark of clicks answered (issue 14): click to the last change on the page, p50 and p95.

Starts one server and Debian's Chromium (Playwright) and, in one tab per lesson, repeats:

  apply move      the symmetry lesson's "Apply move" (a random permutation of a layer)
  width slider    the bounds lesson's "Width of every hidden layer", one key step (4 <-> 5, alternating)
  init-map res    the init-map lesson's "Resolution (starts per axis)" slider, one key step (alternating)

"Last change": a MutationObserver on the whole document records the time of every DOM change; after
the action the page is watched until Streamlit's script is idle and nothing has changed for QUIET_MS.
The latency is the last change's time minus the action's time, so it includes the server's rerun,
the transfer and Plotly's drawing (SVG and canvas included), and no fixed sleep. The first action of
each kind is reported apart (it may compute what the others find cached).

Where the time goes: for each action the server process's CPU seconds and the browser's (Chromium and the
Playwright driver, every process below this one) over the same window (/proc), medians over the actions
after the first. The window includes QUIET_MS of watching, in which neither side should be busy. And inside
the page's renderer (Chrome DevTools Protocol, Performance.getMetrics, the tab's main thread): seconds of
JavaScript (Streamlit's and Plotly's), of style and layout, and of all tasks, medians likewise.

Nothing here is a pass/fail test; numbers depend on the machine and on what else runs on it.

Usage: python bench/click_latency.py [--repeats 8]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.browser_latency import browser_cpu
from bench.load_test import cpu_seconds, server_pid
from tests.browser import launch, wait_until_drawn
from tests.streamlit_server import running_app

QUIET_MS = 1500  # no DOM change for this long, script idle: the answer is complete
ARM = """() => {
  window.__lastChange = performance.now();
  if (!window.__observer) {
    window.__observer = new MutationObserver(() => { window.__lastChange = performance.now(); });
    window.__observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  }
  return performance.now();
}"""
SETTLED = """async ([start, quietMs, timeoutMs]) => {
  const running = () => !!document.querySelector('[data-testid="stStatusWidget"]');
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    await new Promise(resolve => setTimeout(resolve, 50));
    if (!running() && performance.now() - window.__lastChange > quietMs && window.__lastChange > start) {
      return window.__lastChange - start;
    }
  }
  return null;
}"""


SERVER: dict[str, int | None] = {"pid": None}  # the server process, found once its port is known


RENDERER = ("ScriptDuration", "LayoutDuration", "RecalcStyleDuration", "TaskDuration")  # CDP metrics, seconds
Measured = tuple[float | None, float, float, dict]


SESSIONS: dict = {}  # one DevTools session per tab, enabled once (the dict keeps each page object alive)


def renderer_seconds(page) -> dict:
    """The tab's main-thread totals so far (CDP Performance.getMetrics, after Performance.enable)."""
    if page not in SESSIONS:
        SESSIONS[page] = page.context.new_cdp_session(page)
        SESSIONS[page].send("Performance.enable")
    session = SESSIONS[page]
    metrics = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
    return {name: metrics.get(name, float("nan")) for name in RENDERER}


def timed(page, action) -> Measured:
    """(milliseconds from ``action`` to the page's last change, or None when nothing changed within 60 s;
    server CPU-s; browser CPU-s; the tab's main-thread seconds by kind) over that window."""
    start = page.evaluate(ARM)
    server, browser, renderer = cpu_seconds(SERVER["pid"]), browser_cpu(), renderer_seconds(page)
    action()
    latency = page.evaluate(SETTLED, [start, QUIET_MS, 60_000])
    after = renderer_seconds(page)
    return (latency, cpu_seconds(SERVER["pid"]) - server, browser_cpu() - browser,
            {name: after[name] - renderer[name] for name in RENDERER})


def open_page(browser, base: str, path: str, ready):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{base}/{path}")
    ready(page)
    wait_until_drawn(page, timeout=180_000)
    page.wait_for_timeout(1000)
    return page


def apply_moves(browser, base: str, repeats: int) -> list[Measured]:
    def ready(page):
        page.get_by_role("button", name="Apply move").wait_for(timeout=180_000)

    page = open_page(browser, base, "symmetries", ready)
    option = page.get_by_role("option", name="Random permutation of a layer")
    for _ in range(3):
        page.get_by_role("combobox", name="Move").click()
        try:
            option.wait_for(timeout=10_000)
            break
        except Exception:
            wait_until_drawn(page)
    option.click()
    wait_until_drawn(page)
    page.wait_for_timeout(1000)
    button = page.get_by_role("button", name="Apply move")
    times = [timed(page, button.click) for _ in range(repeats)]
    page.close()
    return times


def slider_steps(browser, base: str, path: str, name: str, repeats: int) -> list[Measured]:
    def ready(page):
        page.get_by_role("slider", name=name).wait_for(timeout=180_000)

    page = open_page(browser, base, path, ready)
    slider = page.get_by_role("slider", name=name)
    times = []
    for i in range(repeats):
        slider.focus()
        times.append(timed(page, lambda key=("ArrowRight" if i % 2 == 0 else "ArrowLeft"): slider.press(key)))
    page.close()
    return times


def row(name: str, measured: list[Measured]) -> str:
    times = [latency for latency, _, _, _ in measured]
    first, rest = times[0], [t for t in times[1:] if t is not None]
    missing = sum(t is None for t in times[1:])
    server = statistics.median(cpu for _, cpu, _, _ in measured[1:])
    browser = statistics.median(cpu for _, _, cpu, _ in measured[1:])
    tab = [statistics.median(kinds[kind] for _, _, _, kinds in measured[1:]) for kind in RENDERER]
    split = f"{server:.2f} | {browser:.2f} | " + " | ".join(f"{seconds:.2f}" for seconds in tab)
    if not rest:
        return f"| {name} | {first} | – | – | {len(times) - 1} | {missing} | {split} |"
    ordered = sorted(rest)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    first_text = "–" if first is None else f"{first:.0f}"
    return (f"| {name} | {first_text} | {statistics.median(rest):.0f} | {p95:.0f} | {len(times) - 1} | "
            f"{missing} | {split} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=8, help="actions of each kind after the first")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    count = args.repeats + 1
    with running_app() as base, sync_playwright() as playwright:
        browser = launch(playwright)
        SERVER["pid"] = server_pid(int(base.rsplit(":", 1)[1]))
        print(f"{os.cpu_count()} CPUs, load average at start {os.getloadavg()[0]:.1f}, "
              f"{time.strftime('%Y-%m-%d %H:%M')}")
        print("| action | first (ms) | p50 (ms) | p95 (ms) | n | no change seen | server CPU-s | browser CPU-s "
              "| tab: script s | layout s | style s | all tasks s |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        print(row("symmetry: Apply move", apply_moves(browser, base, count)), flush=True)
        print(row("bounds: width slider step", slider_steps(browser, base, "bounds", "Width of every hidden layer",
                                                         count)), flush=True)
        print(row("init map: resolution slider step", slider_steps(browser, base, "init_regions",
                                                                "Resolution (starts per axis)", count)), flush=True)
        print(f"load average at end {os.getloadavg()[0]:.1f}")
        browser.close()


if __name__ == "__main__":
    main()
