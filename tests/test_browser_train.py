"""Real browser: open the app, go to the Train lesson, train with defaults, see the boundary drawn."""

import pytest

from tests.browser import SHOTS, open_lesson

pytestmark = pytest.mark.browser


def test_train_lesson_trains_and_draws_the_boundary(app_url, browser):
    from playwright.sync_api import expect

    page, console = open_lesson(browser, app_url, "Train a network")
    expect(page.locator(".eqp-step")).to_have_text("step 0 of 500", timeout=30_000)
    page.get_by_role("button", name="▶ Train").click()
    expect(page.locator(".eqp-step")).to_have_text("step 500 of 500", timeout=90_000)
    # at the goal the player stops and the page's still figures follow it to step 500
    expect(page.locator("strong", has_text="At step 500")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Charts at step 500")).to_be_visible()
    chart = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').nth(1)
    chart.wait_for(timeout=30_000)
    # the decision chart has a heatmap trace with data drawn in the browser
    kinds = page.evaluate("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
                          ".map(gd => (gd._fullData || []).map(t => t.type))")
    assert any("heatmap" in traces and "contour" in traces for traces in kinds), kinds
    accuracy = page.locator('[data-testid="stMetric"]', has_text="Test accuracy")
    value = float(accuracy.locator('[data-testid="stMetricValue"]').inner_text().rstrip("%"))
    assert value > 80.0
    page.screenshot(path=str(SHOTS / "train.png"), full_page=True)
    assert console.errors == [], "\n".join(console.errors)
    page.close()
