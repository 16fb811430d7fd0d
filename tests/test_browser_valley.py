"""Real browser: the lesson "Two runs, one valley" draws its three figures with no console error, no figure label
over another and nothing scrolling sideways, on a laptop (1440×900) and on a phone (390×844). Screenshots go to
SHOTS (look at them)."""

import pytest

from tests import screen_checks as checks
from tests.browser import SHOTS, ConsoleLog, wait_until_drawn

pytestmark = pytest.mark.browser
EXCEPTION = '[data-testid="stException"]'
CHARTS = '[data-testid="stMain"] .js-plotly-plot'
# What each chart draws: the line's and the width study's traces, the receptive fields' heatmap image.
DRAWN_PARTS = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')).map(gd => ({
  lines: gd.querySelectorAll('.scatterlayer .trace path.js-line').length,
  heatmaps: gd.querySelectorAll('.heatmaplayer image').length,
  width: gd.getBoundingClientRect().width}))"""


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_the_page_draws_its_figures_with_no_console_error(app_url, browser, width, height):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": height})
    console = ConsoleLog()
    console.watch(page)
    page.goto(f"{app_url}/valley?width=16&act=tanh&seed=1")
    page.get_by_role("heading", name="Against width").wait_for(timeout=120_000)
    page.locator(CHARTS).nth(2).wait_for(timeout=120_000)
    wait_until_drawn(page)
    parts = page.evaluate(DRAWN_PARTS)
    assert len(parts) == 3, parts
    line, fields, widths = parts
    assert line["lines"] >= 6 and widths["lines"] >= 4, parts  # before, after, chord per panel; 2 per activation
    assert fields["heatmaps"] == 1, parts
    assert all(0 < part["width"] <= width for part in parts), parts
    assert page.get_by_text("Matching moved B's unit").first.is_visible()
    assert page.locator(EXCEPTION).count() == 0
    assert checks.overlapping_labels(page) == [] and checks.horizontal_scroll(page) == []
    page.screenshot(path=str(SHOTS / f"valley-{width}x{height}.png"), full_page=True)
    assert console.errors == [], "\n".join(console.errors)
    page.close()
