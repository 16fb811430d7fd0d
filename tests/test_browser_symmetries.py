"""Real browser: open "Same function, different weights" from the sidebar, apply a random permutation,
play its animation, read the proof (max |Δf| < 1e-12), and keep screenshots at two window sizes."""

from pathlib import Path

import pytest

from tests.browser import SHOTS, open_lesson, wait_until_drawn

pytestmark = pytest.mark.browser
MOVIE_DONE = ("() => { const gd = document.querySelector('[data-testid=\"stPlotlyChart\"] .js-plotly-plot');"
              " return !!gd && gd._fullLayout.sliders[0].active === gd._transitionData._frames.length - 1; }")


def metric_value(page, label: str) -> str:
    return page.locator('[data-testid="stMetric"]', has_text=label).first.locator(
        '[data-testid="stMetricValue"]').inner_text()


def whole_page(page, path: Path, width: int) -> None:
    """Streamlit scrolls inside its main section, so grow the window to the content for a full shot."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": height})
    wait_until_drawn(page)  # Plotly re-lays out at the new size
    page.screenshot(path=str(path))


def test_a_permutation_keeps_the_function(app_url, browser):
    from playwright.sync_api import expect

    page, console = open_lesson(browser, app_url, "Same function, different weights")
    expect(page.get_by_text("distinct twins (itself included)")).to_be_visible(timeout=90_000)
    option = page.get_by_role("option", name="Random permutation of a layer")
    for _ in range(3):  # a rerun that lands while the list opens closes it again: open it once more
        page.get_by_role("combobox", name="Move").click()
        try:
            option.wait_for(timeout=10_000)
            break
        except Exception:
            wait_until_drawn(page)
    option.click()
    expect(page.get_by_role("combobox", name="Move")).to_have_value("Random permutation of a layer")
    wait_until_drawn(page)  # the rerun the choice started is over: Apply acts on the chosen move
    page.get_by_role("button", name="Apply move").click()
    expect(page.locator('[data-testid="stMetric"]', has_text="moves applied").locator(
        '[data-testid="stMetricValue"]')).to_have_text("1", timeout=60_000)
    expect(page.get_by_text("Same function, different weights.")).to_be_visible(timeout=30_000)
    gap = float(metric_value(page, "\\max|f_\\theta"))  # the label's KaTeX keeps its TeX source as text
    distance = float(metric_value(page, "‖θ − θ′‖"))
    assert gap < 1e-12 and distance > 0.1, (gap, distance)

    page.locator("g.updatemenu-button", has_text="Play the move").first.click()
    page.wait_for_function(MOVIE_DONE, timeout=15_000)  # the browser played every frame, no rerun needed
    page.screenshot(path=str(SHOTS / "symmetries.png"))
    whole_page(page, SHOTS / "symmetries_full.png", 1400)
    page.set_viewport_size({"width": 1280, "height": 720})
    wait_until_drawn(page)
    page.screenshot(path=str(SHOTS / "symmetries_1280.png"))
    assert console.errors == [], "\n".join(console.errors)
    page.close()
