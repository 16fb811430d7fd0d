"""Playwright helpers for the browser tests: launch Debian's Chromium and collect console errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tests.streamlit_server import CHROMIUM_FLAGS, chromium_path

# Streamlit probes these under a deep link before falling back to the root (tech.md addendum).
DEEP_LINK_PROBE = re.compile(r"/[^/]+/_stcore/(health|host-config)$")


@dataclass
class ConsoleLog:
    errors: list = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on("requestfailed", lambda request: self.errors.append(f"requestfailed: {request.url}"))
        page.on("response", self._on_response)

    def _on_console(self, message) -> None:
        if message.type == "error" and not self._is_probe(message.location.get("url", "")):
            self.errors.append(f"console: {message.text} @ {message.location.get('url', '')}")

    def _on_response(self, response) -> None:
        if response.status >= 400 and not self._is_probe(response.url):
            self.errors.append(f"http {response.status}: {response.url}")

    @staticmethod
    def _is_probe(url: str) -> bool:
        return bool(DEEP_LINK_PROBE.search(url))


# Drawn: Streamlit's script is idle and every visible Plotly chart is laid out at its container's current
# width (Streamlit re-lays a chart out after its container resizes) and has kept the same size for
# STABLE_FRAMES animation frames in a row. A condition, not a fixed sleep: it returns as soon as it holds.
STABLE_FRAMES = 5
DRAWN = """async ([stableFrames, timeoutMs]) => {
  const deadline = performance.now() + timeoutMs;
  const running = () => !!document.querySelector('[data-testid="stStatusWidget"]');
  const charts = () => Array.from(document.querySelectorAll('.js-plotly-plot'))
    .filter(gd => gd.getBoundingClientRect().width > 0);
  const fitted = () => charts().every(gd => gd._fullLayout && Math.abs(gd._fullLayout.width - gd.clientWidth) <= 2);
  const sizes = () => JSON.stringify(charts().map(gd => {
    const svg = gd.querySelector('.main-svg');
    return svg ? [svg.getAttribute('width'), svg.getAttribute('height')] : null;
  }));
  const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
  let last = sizes(), stable = 0;
  while (stable < stableFrames) {
    if (performance.now() > deadline) return false;
    await frame();
    const now = sizes();
    stable = (now === last && !running() && fitted()) ? stable + 1 : 0;
    last = now;
  }
  return true;
}"""


def wait_until_drawn(page, timeout: float = 90_000) -> None:
    """Until the page's script is idle and its charts are drawn at their final size (see DRAWN)."""
    assert page.evaluate(DRAWN, [STABLE_FRAMES, timeout]), f"charts still changing after {timeout / 1000:g} s"


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)


SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"


def open_lesson(browser, app_url: str, lesson_title: str, *, width: int = 1400, height: int = 1000):
    """A new page on the app's home, watched for console errors, then the lesson opened from the sidebar.

    Returns (page, console). Screenshots go to SHOTS, which this creates.
    """
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": height})
    console = ConsoleLog()
    console.watch(page)
    page.goto(app_url)
    page.get_by_role("link", name=lesson_title).first.click()
    return page, console
