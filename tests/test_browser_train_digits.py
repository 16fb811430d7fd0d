"""Real browser, issue 15's newcomer path: pick digits in the Train lesson, train a 64-32-10 network live (the
player draws every first-layer unit's 8x8 weights as they move, with the step counter), see the class
figures at the step it stops, carry the network to the symmetry lesson and see a random twin's receptive
fields moved while every predicted class agrees. Screenshots go to SHOTS."""

import re

import pytest

from tests.browser import SHOTS, ConsoleLog, wait_until_drawn

pytestmark = pytest.mark.browser
STEPS = 200
URL = f"train?data=digits&layers=1&w1=32&steps={STEPS}&test=0.3"

# Distinct colours in the player's first canvas (the receptive fields): a blank or one-colour canvas has 1.
CANVAS_COLOURS = """() => {
  const canvas = document.querySelector('canvas.eqp-surface');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const seen = new Set();
  for (let i = 0; i < data.length; i += 4 * 7) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
  return seen.size;
}"""


def test_digits_train_live_then_permute_in_the_symmetry_lesson(app_url, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    console = ConsoleLog()
    console.watch(page)
    page.goto(f"{app_url}/{URL}")
    expect(page.locator(".eqp-step")).to_have_text(f"step 0 of {STEPS}", timeout=90_000)
    expect(page.locator("figcaption", has_text="its 8×8 weights")).to_be_visible()
    expect(page.locator("figcaption", has_text="the 400 strongest of 2,368 edges")).to_be_visible()
    assert page.get_by_text("1,258 training and 539 test rows, 64 features").first.is_visible()
    page.get_by_role("button", name="▶ Train").click()
    expect(page.locator(".eqp-step")).to_have_text(re.compile(r"step ([1-9]\d*) of"), timeout=60_000)
    page.screenshot(path=str(SHOTS / "train-digits-playing.png"))
    assert page.evaluate(CANVAS_COLOURS) > 20, "the receptive-field canvas is blank"
    expect(page.locator(".eqp-step")).to_have_text(f"step {STEPS} of {STEPS}", timeout=120_000)
    expect(page.locator("strong", has_text=f"At step {STEPS}")).to_be_visible(timeout=60_000)
    wait_until_drawn(page)
    accuracy = page.locator('[data-testid="stMetric"]', has_text="Test accuracy")
    assert float(accuracy.locator('[data-testid="stMetricValue"]').inner_text().rstrip("%")) > 80.0
    caption = page.get_by_text(re.compile(r"On the 539 test points: \d+\.\d% predicted right")).first
    assert caption.is_visible()
    titles = page.evaluate("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
                           ".map(gd => (gd.layout.xaxis && gd.layout.xaxis.title && gd.layout.xaxis.title.text) || '')")
    assert titles.count("predicted class") == 2, titles  # the confusion matrix and the class probabilities
    caption.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "train-digits-stopped.png"))

    page.locator('[data-testid="stSidebarNav"] a[href$="/symmetries"]').first.click()
    expect(page.get_by_text("A random twin, measured", exact=True)).to_be_visible(timeout=90_000)
    expect(page.get_by_text("The same units, in another order", exact=True)).to_be_visible(timeout=60_000)
    wait_until_drawn(page)
    same = page.locator('[data-testid="stMetric"]', has_text="same predicted class")
    assert same.locator('[data-testid="stMetricValue"]').inner_text() == "1,797 / 1,797"
    assert page.get_by_text(re.compile(r"g·θ's first layer holds θ's 32 units: \d+ of them sit at another place")
                            ).first.is_visible()
    page.locator(".js-plotly-plot").last.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "symmetries-digits-twin.png"))
    assert console.errors == [], "\n".join(console.errors)
    page.close()
