"""Benchmark of the guided tour: how long until a scene's figures are drawn.

Starts one server and a real browser (Debian's Chromium through Playwright), then:

  cold     every scene's link opened in a fresh tab (a new session): the warm-up pass, which
           computes and caches each scene's heavy result (trained networks, maps)
  link     the same again, warm: a student opening a link (includes loading Streamlit's page
           and starting a session)
  next     one tab walks the whole tour with the Next button, as a speaker does: the time from
           the click to the next scene's figures drawn

"Drawn" means: the scene's heading and a Plotly figure are on the page and Streamlit's running
indicator is gone.

The warm-up is also what `scripts/warm_up.py` does before a talk.

Usage: python bench/scene_latency.py [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load_test import cpu_seconds, server_pid
from core.scenes import SCENES
from pages.shared.lessons import LESSONS
from tests.browser import launch
from tests.streamlit_server import running_app

SLUG = {lesson.id: lesson.path.split("/")[-1].removesuffix(".py") for lesson in LESSONS}
SETTLED = ("() => !!document.querySelector('.js-plotly-plot') && "
           "!document.querySelector('[data-testid=\"stStatusWidget\"]')")
SECTION = "## Guided scenes: time to drawn figures"


def open_scene(browser, base: str, scene) -> float:
    """Seconds from navigation to the scene's figures drawn (in a fresh tab, i.e. a fresh session)."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    start = time.perf_counter()
    page.goto(f"{base}/{SLUG[scene.page]}?scene={scene.id}")
    page.get_by_role("heading", name=scene.title).first.wait_for(timeout=180_000)
    page.wait_for_function(SETTLED, timeout=180_000, polling=50)
    seconds = time.perf_counter() - start
    page.close()
    return seconds


def walk_tour(browser, base: str) -> list[tuple[float, float]]:
    """(seconds from pressing Next to the next scene drawn, server CPU seconds spent on it) for every
    scene after the first (nan for the first)."""
    pid = server_pid(int(base.rsplit(":", 1)[1]))
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{base}/{SLUG[SCENES[0].page]}?scene={SCENES[0].id}")
    page.get_by_role("heading", name=SCENES[0].title).first.wait_for(timeout=180_000)
    page.wait_for_function(SETTLED, timeout=180_000, polling=50)
    seconds = [(float("nan"), float("nan"))]
    for scene in SCENES[1:]:
        start, cpu = time.perf_counter(), cpu_seconds(pid)
        page.get_by_role("button", name=re.compile(r"Next")).first.click()
        page.get_by_role("heading", name=scene.title).first.wait_for(timeout=180_000)
        page.wait_for_function(SETTLED, timeout=180_000, polling=50)
        seconds.append((time.perf_counter() - start, cpu_seconds(pid) - cpu))
    page.close()
    return seconds


def measure() -> list[tuple[str, float, float, tuple[float, float]]]:
    from playwright.sync_api import sync_playwright

    with running_app() as base, sync_playwright() as playwright:
        browser = launch(playwright)
        open_scene(browser, base, SCENES[0])  # the server's own first-use imports (torch, plotly) are not a scene's
        cold = [open_scene(browser, base, scene) for scene in SCENES]
        link = [open_scene(browser, base, scene) for scene in SCENES]
        step = walk_tour(browser, base)
        browser.close()
    return [(scene.id, c, w, n) for scene, c, w, n in zip(SCENES, cold, link, step)]


def report(rows) -> str:
    lines = [SECTION, "",
             "`python bench/scene_latency.py --write docs/benchmarks.md`, one server, Debian's Chromium. *cold*: the "
             "scene's link in a fresh tab, first visit since the server started (the warm-up); *link*: the same, "
             "warm (includes loading Streamlit's page and starting a session); *next*: pressing Next on the "
             "previous scene in an open tab, as a speaker does (includes the server's rerun, the figures' transfer "
             "and Plotly's drawing).", "",
             "| scene | cold (s) | link (s) | next (s) | server CPU for next (s) |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {name} | {cold:.2f} | {link:.2f} | {_cell(step)} | {_cell(cpu)} |"
              for name, cold, link, (step, cpu) in rows]
    steps = [step for *_, (step, _) in rows if not math.isnan(step)]
    cpus = [cpu for *_, (_, cpu) in rows if not math.isnan(cpu)]
    lines += ["", f"Next, warm: median {statistics.median(steps):.2f} s, worst {max(steps):.2f} s over "
              f"{len(steps)} transitions (several a switch to another lesson); the server's share: median "
              f"{statistics.median(cpus):.2f} CPU-s, worst {max(cpus):.2f} CPU-s. The rest is the browser building "
              "and drawing the page's figures, on the same two cores here (on a student's or speaker's own "
              "machine, their CPU).", ""]
    return "\n".join(lines)


def _cell(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.2f}"


def write_section(path: Path, text: str) -> None:
    """Replace this benchmark's section of the file (or append it), leaving the others."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    start = old.find(SECTION)
    if start == -1:
        path.write_text(old.rstrip() + "\n\n" + text, encoding="utf-8")
        return
    end = old.find("\n## ", start + len(SECTION))
    path.write_text(old[:start] + text + (old[end + 1:] if end != -1 else ""), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", type=Path, help="markdown file whose scene section to replace")
    args = parser.parse_args()
    text = report(measure())
    print(text)
    if args.write:
        write_section(args.write, text)


if __name__ == "__main__":
    main()
