"""Before a talk: open every guided scene once on a running server, so each later opens at once.

Each scene's heavy result (trained networks, maps, precomputed sweeps) is cached by the server for
every session; this visits them all in a headless Chromium and prints how long each took.

Usage: .venv/bin/python scripts/warm_up.py [http://localhost:8501]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scene_latency import open_scene  # noqa: E402
from core.scenes import SCENES  # noqa: E402
from tests.browser import launch  # noqa: E402


def main() -> None:
    from playwright.sync_api import sync_playwright

    base = (sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8501").rstrip("/")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for number, scene in enumerate(SCENES, start=1):
            print(f"{number:2d}. {scene.title}: {open_scene(browser, base, scene):.1f} s", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
