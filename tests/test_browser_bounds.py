"""Real browser: open "Count functions, not weights" from the sidebar, move the width slider,
see the curves' marker move, with no console errors; screenshots for a person to look at."""

import pytest

from tests.browser import SHOTS, open_lesson

pytestmark = pytest.mark.browser

# x of the "your network" marker in every plotly chart that has one, read from plotly's own state.
MARKER_X = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
  .flatMap(gd => (gd._fullData || []).filter(t => t.meta === 'your network').map(t => t.x[0]))"""


def _markers_at(width: int) -> str:
    return f"(() => {{ const xs = ({MARKER_X})(); return xs.length >= 3 && xs.every(x => x === {width}); }})()"


def _screenshots(page) -> None:
    """The page at 1400 x 1000, each chart on its own, then the page at 1280 x 720."""
    page.screenshot(path=str(SHOTS / "bounds.png"))
    charts = page.locator('[data-testid="stPlotlyChart"]')
    charts.nth(0).screenshot(path=str(SHOTS / "bounds_log.png"))
    charts.nth(2).screenshot(path=str(SHOTS / "bounds_volume.png"))
    charts.nth(3).screenshot(path=str(SHOTS / "bounds_generalisation.png"))
    page.get_by_role("tab", name="Raw covering number (digits)").click()
    charts.nth(1).screenshot(path=str(SHOTS / "bounds_raw.png"))
    page.get_by_role("tab", name="Log-covering number (what bounds use)").click()
    page.set_viewport_size({"width": 1280, "height": 720})
    page.locator('[data-testid="stMain"]').evaluate("main => main.scrollTo(0, 0)")
    page.wait_for_timeout(500)  # let the charts re-layout to the narrower page
    page.screenshot(path=str(SHOTS / "bounds_1280x720.png"))


def test_moving_the_width_slider_moves_the_marker(app_url, browser):
    page, console = open_lesson(browser, app_url, "Count functions, not weights")
    page.wait_for_function(_markers_at(4), timeout=90_000)  # the default width

    slider = page.get_by_role("slider", name="Width of every hidden layer")
    slider.focus()
    slider.press("ArrowRight")  # the next option: 4 -> 5 (one key, one rerun)
    assert slider.get_attribute("aria-valuetext") == "5"
    page.wait_for_function(_markers_at(5), timeout=90_000)
    assert page.get_by_text("Count the orbits of a small grid exactly").is_visible()
    page.wait_for_timeout(300)  # the last chart finishes drawing
    _screenshots(page)
    assert console.errors == [], "\n".join(console.errors)
    page.close()
