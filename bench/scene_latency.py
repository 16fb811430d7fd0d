"""Benchmark of the guided tour: time from opening a scene's link to its figures drawn, cold and warm.

Starts one server, then opens every scene twice in a real browser (Debian's Chromium through
Playwright). The first pass is the warm-up (it computes and caches each scene's heavy result:
trained networks, maps); the second pass is what a speaker sees after warming up. "Drawn" means:
a Plotly figure is on the page and Streamlit's running indicator is gone.

The warm-up is also what `scripts/warm_up.py` does before a talk.

Usage: python bench/scene_latency.py [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.scenes import SCENES  # noqa: E402
from pages.shared.lessons import LESSONS  # noqa: E402
from tests.browser import launch  # noqa: E402
from tests.streamlit_server import running_app  # noqa: E402

SLUG = {lesson.id: lesson.path.split("/")[-1].removesuffix(".py") for lesson in LESSONS}
SETTLED = "() => !!document.querySelector('.js-plotly-plot') && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
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


def measure() -> list[tuple[str, float, float]]:
    from playwright.sync_api import sync_playwright

    with running_app() as base, sync_playwright() as playwright:
        browser = launch(playwright)
        open_scene(browser, base, SCENES[0])  # the server's own first-use imports (torch, plotly) are not a scene's
        cold = [open_scene(browser, base, scene) for scene in SCENES]
        warm = [open_scene(browser, base, scene) for scene in SCENES]
        browser.close()
    return [(scene.id, c, w) for scene, c, w in zip(SCENES, cold, warm)]


def report(rows) -> str:
    lines = [SECTION, "",
             "`python bench/scene_latency.py --write docs/benchmarks.md`: each scene opened in a fresh browser tab "
             "(a new session) on one server; *cold* is the first visit after the server's own start-up, *warm* the "
             "second. Includes the browser's page load and Plotly drawing.", "",
             "| scene | cold (s) | warm (s) |", "|---|---:|---:|"]
    lines += [f"| {name} | {cold:.2f} | {warm:.2f} |" for name, cold, warm in rows]
    warm = [w for _, _, w in rows]
    lines += ["", f"Warm: median {statistics.median(warm):.2f} s, worst {max(warm):.2f} s over {len(rows)} scenes.", ""]
    return "\n".join(lines)


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
