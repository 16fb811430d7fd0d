"""Benchmark of training you can watch (issue 14): drawn frames per second and first-frame latency.

Starts one server and a real browser (Debian's Chromium through Playwright), opens the Train lesson
(moons, 2-8-8-1 tanh, a 5,000-step goal so the run outlasts the measurement), and in the page:

  first frame   milliseconds from the Train click (a capture listener on the button) to the first
                animation frame whose step counter differs from the one before the click
  frames/s      the step counter is read on every requestAnimationFrame while training; the distinct
                values per one-second window are the drawn frames per second (each is a new engine
                frame at a real step), reported per window (min, median) at each player speed
  CPU           the server process's and the browser's processes' CPU seconds over the windows

Nothing here is a pass/fail test; numbers depend on the machine and on what else runs on it.

Usage: python bench/browser_latency.py [--runs 3] [--seconds 6]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load_test import cpu_seconds, server_pid
from tests.browser import launch
from tests.streamlit_server import running_app

# In the page: arm a capture listener on Train, click it, then sample the counter on every animation
# frame for `seconds`; returns the click-to-first-new-frame latency and the distinct values per second.
MEASURE = """async ([seconds]) => {
  const counter = document.querySelector('.eqp-step');
  const button = [...document.querySelectorAll('.eqp-button')].find(b => b.textContent.includes('Train'));
  const before = counter.textContent;
  let clicked = null;
  button.addEventListener('click', () => { clicked = performance.now(); }, {capture: true, once: true});
  button.click();
  const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
  let first = null;
  while (first === null && performance.now() - clicked < 10000) {
    await frame();
    if (counter.textContent !== before) first = performance.now();
  }
  const windows = [];
  for (let w = 0; w < seconds; w++) {
    const seen = new Set(), end = performance.now() + 1000;
    while (performance.now() < end) { await frame(); seen.add(counter.textContent); }
    windows.push(seen.size);
  }
  return {firstFrameMs: first === null ? null : first - clicked, perSecond: windows, last: counter.textContent};
}"""


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (the Playwright driver and the Chromium it started)."""
    children: dict[int, list[int]] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(proc.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def browser_cpu() -> float:
    total = 0.0
    for pid in descendants(os.getpid()):
        try:
            total += cpu_seconds(pid)
        except OSError:
            pass
    return total


def measure(browser, base: str, speed: str, seconds: int) -> dict:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{base}/train?steps=5000")
    page.locator(".eqp-step").wait_for(timeout=120_000)
    page.wait_for_function("() => document.querySelector('.eqp-step').textContent.startsWith('step 0 of')",
                           timeout=120_000)
    page.wait_for_timeout(1000)  # the page's own first runs are over
    page.locator(".eqp-select").select_option(speed)
    pid = server_pid(int(base.rsplit(":", 1)[1]))
    server_before, browser_before = cpu_seconds(pid), browser_cpu()
    result = page.evaluate(MEASURE, [seconds])
    result["serverCpu"] = cpu_seconds(pid) - server_before
    result["browserCpu"] = browser_cpu() - browser_before
    page.screenshot(path=str(ROOT / "artifacts" / "screenshots" / f"bench-train-{speed}.png"))
    page.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=6, help="one-second windows measured per run")
    args = parser.parse_args()
    (ROOT / "artifacts" / "screenshots").mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with running_app() as base, sync_playwright() as playwright:
        browser = launch(playwright)
        print(f"{os.cpu_count()} CPUs; Train lesson, moons 2-8-8-1 tanh, 5,000-step goal")
        print("| speed | run | first frame (ms) | drawn frames/s min | median | server CPU s | browser CPU s |")
        print("|---|---|---|---|---|---|---|")
        for speed in ("30", "60"):
            for run in range(1, args.runs + 1):
                result = measure(browser, base, speed, args.seconds)
                windows = result["perSecond"]
                first = result["firstFrameMs"]
                print(f"| {speed}/s | {run} | {'–' if first is None else f'{first:.0f}'} | {min(windows)} | "
                      f"{statistics.median(windows):g} | {result['serverCpu']:.2f} | {result['browserCpu']:.2f} |",
                      flush=True)
        browser.close()


if __name__ == "__main__":
    main()
