"""Real browser: the Train lesson's player plays the engine's frames, and Pause, Step, scrub and Reset
work in the page; where it stops, the page's engine numbers, alt text and link follow (issue 14).
A stress run of quick presses must never blank the page (issue 20, point 3: "Bad delta path index")."""

import re

import pytest

from tests.browser import SHOTS, ConsoleLog

pytestmark = pytest.mark.browser

STEP = ".eqp-step"
# Run in the page: change the scrubber, wait one animation frame, read the step counter -- the
# counter changes with no server round trip in between.
SCRUB_TO = """async (index) => {
  const scrubber = document.querySelector('.eqp-scrub');
  scrubber.value = String(index);
  scrubber.dispatchEvent(new Event('input', {bubbles: true}));
  await new Promise(resolve => requestAnimationFrame(resolve));
  return document.querySelector('.eqp-step').textContent;
}"""
# The distinct step-counter texts seen on every animation frame for ``ms`` milliseconds.
COUNTER_TEXTS = """async (ms) => {
  const seen = new Set(), end = performance.now() + ms;
  while (performance.now() < end) {
    await new Promise(resolve => requestAnimationFrame(resolve));
    seen.add(document.querySelector('.eqp-step').textContent);
  }
  return [...seen];
}"""


def _shown_step(page) -> int:
    from playwright.sync_api import expect

    # a rerun may remount the player: wait for its first drawn frame before reading the counter
    expect(page.locator(STEP)).to_have_text(re.compile(r"^step \d+ of"), timeout=30_000)
    return int(re.match(r"step (\d+) of", page.locator(STEP).inner_text()).group(1))


def _open_player(browser, app_url, query=""):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    console = ConsoleLog()
    console.watch(page)
    page.goto(f"{app_url}/train?{query}")
    page.locator(STEP).wait_for(timeout=60_000)
    return page, console


def _settled_at(page, step: int) -> None:
    """Until the page's still figures describe ``step`` (the player told the server where it stopped)."""
    from playwright.sync_api import expect

    expect(page.locator("strong", has_text=f"At step {step}")).to_be_visible(timeout=30_000)


def test_play_pause_step_scrub_and_reset_in_the_page(app_url, browser):
    from playwright.sync_api import expect

    page, console = _open_player(browser, app_url)
    expect(page.locator(STEP)).to_have_text("step 0 of 500", timeout=30_000)
    page.get_by_role("button", name="▶ Train").click()
    texts = page.evaluate(COUNTER_TEXTS, 1500)
    steps = sorted(int(re.match(r"step (\d+)", t).group(1)) for t in texts)
    assert len(steps) >= 5 and len(set(steps)) == len(steps), texts  # a new engine frame each time
    page.get_by_role("button", name="Pause").click()
    paused = _shown_step(page)
    _settled_at(page, paused)
    assert _shown_step(page) == paused  # paused means paused
    # The engine's numbers on the page for the paused step are the player's numbers for it.
    player_loss = re.search(r"train loss ([0-9.]+)", page.locator(".eqp-numbers").inner_text()).group(1)
    metric = page.locator('[data-testid="stMetric"]', has_text="Train loss").locator('[data-testid="stMetricValue"]')
    assert metric.inner_text() == player_loss
    assert f"step={paused}" in page.url
    page.get_by_role("button", name="Step +10").click()
    expect(page.locator(STEP)).to_have_text(f"step {paused + 10} of 500", timeout=30_000)
    _settled_at(page, paused + 10)
    assert page.evaluate(SCRUB_TO, 0) == "step 0 of 500"
    assert page.evaluate(SCRUB_TO, 3) == "step 3 of 500"  # frame 3 is step 3 (a frame per step for 500 steps)
    _settled_at(page, 3)
    expect(page.get_by_text("The network's output over the input plane at step 3")).to_be_visible()
    page.get_by_role("button", name="↺ Reset").click()
    expect(page.locator(STEP)).to_have_text("step 0 of 500", timeout=30_000)
    _settled_at(page, 0)
    page.screenshot(path=str(SHOTS / "train-player.png"))
    assert console.errors == [], "\n".join(console.errors)
    page.close()


def test_presenter_mode_shows_the_training_sign(app_url, browser):
    from playwright.sync_api import expect

    page, console = _open_player(browser, app_url, "present=1&steps=5000")
    page.get_by_role("button", name="▶ Train").click()
    expect(page.locator(".eqp-sign")).to_contain_text("Training…", timeout=10_000)
    page.get_by_role("button", name="Pause").click()
    expect(page.locator(".eqp-sign")).to_have_text("", timeout=10_000)
    assert console.errors == [], "\n".join(console.errors)
    page.close()


def test_quick_presses_never_blank_the_page(app_url, browser):
    """100 rounds of Train, Step, Pause, scrub and Reset pressed as fast as the page takes them."""
    page, console = _open_player(browser, app_url, "data=circles")
    buttons = {name: page.get_by_role("button", name=name)
               for name in ("▶ Train", "Step +10", "Pause", "↺ Reset")}
    for round_ in range(100):
        buttons["▶ Train"].click()
        buttons["Step +10"].click()
        if round_ % 3 == 0:
            page.evaluate(SCRUB_TO, round_ % 7)
        buttons["Pause"].click()
        if round_ % 10 == 9:
            buttons["↺ Reset"].click()
        assert page.locator(".eqp").count() == 1, f"the player vanished in round {round_}"
    page.get_by_role("button", name="▶ Train").click()
    page.wait_for_timeout(1500)
    assert page.locator('[data-testid="stMain"]').inner_text().strip(), "white page"
    assert page.locator(STEP).inner_text().startswith("step ")
    assert console.errors == [], "\n".join(console.errors)
    page.close()


# Where the Train page's pieces sit on screen: the page's overflow, each player canvas's box, and the
# loss chart's legend against its lowest plot area.
LAYOUT = """() => {
  const boxes = [...document.querySelectorAll('.eqp canvas')].map(c => c.getBoundingClientRect())
    .map(b => ({left: b.left, right: b.right, width: b.width}));
  const chart = [...document.querySelectorAll('.js-plotly-plot')].find(p => p.querySelector('.legend')
    && p.querySelector('.legend').textContent.includes('train loss'));
  let legend = null, plotBottom = null;
  if (chart) {
    legend = chart.querySelector('.legend').getBoundingClientRect().top;
    plotBottom = Math.max(...[...chart.querySelectorAll('.nsewdrag')].map(d => d.getBoundingClientRect().bottom));
  }
  return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth, boxes, legend, plotBottom};
}"""


def test_a_scene_step_arrives_scrubbable_back_to_step_0(app_url, browser):
    """Issue 20 walk, defect 1: a scene's replayed 500 steps showed "step 500 of 500" with a scrubber 0..0."""
    from playwright.sync_api import expect

    page, console = _open_player(browser, app_url, "scene=two-runs-two-weights&present=1")
    expect(page.locator(STEP)).to_have_text("step 500 of 500", timeout=60_000)
    scrubber = page.locator(".eqp-scrub")
    assert (scrubber.get_attribute("min"), page.evaluate("document.querySelector('.eqp-scrub').max"),
            page.evaluate("document.querySelector('.eqp-scrub').value")) == ("0", "500", "500")
    page.screenshot(path=str(SHOTS / "train-scene-replayed.png"))
    assert page.evaluate(SCRUB_TO, 0) == "step 0 of 500"
    assert page.evaluate(SCRUB_TO, 250) == "step 250 of 500"
    _settled_at(page, 250)
    assert console.errors == [], "\n".join(console.errors)
    page.close()


def test_the_player_and_the_loss_chart_fit_a_phone(app_url, browser):
    """Issue 20 walk, defect 2: at 390x844 the player's canvases reached x=432 and the page scrolled sideways;
    the loss chart's legend lay over its curves."""
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    console = ConsoleLog()
    console.watch(page)
    page.goto(f"{app_url}/train")
    expect(page.locator(STEP)).to_have_text("step 0 of 500", timeout=60_000)
    page.get_by_role("button", name="Step +10").click()
    expect(page.locator(STEP)).to_have_text("step 10 of 500", timeout=30_000)
    _settled_at(page, 10)
    page.locator(".js-plotly-plot .legend").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)  # a resize redraws on the next animation frame
    layout = page.evaluate(LAYOUT)
    page.screenshot(path=str(SHOTS / "train-phone.png"), full_page=True)
    assert layout["scrollWidth"] <= layout["innerWidth"], layout
    assert len(layout["boxes"]) == 3 and all(0 <= b["left"] and b["right"] <= layout["innerWidth"]
                                             for b in layout["boxes"]), layout
    assert min(b["width"] for b in layout["boxes"]) >= 250, layout  # no thumbnail: each view near full width
    # Drawn for the screen's pixels: a canvas holds devicePixelRatio backing pixels per CSS pixel.
    assert page.evaluate("(() => { const c = document.querySelector('.eqp-network');"
                         " return c.width / c.getBoundingClientRect().width; })()") == pytest.approx(2, abs=0.02)
    assert layout["legend"] is not None and layout["legend"] >= layout["plotBottom"], layout
    assert console.errors == [], "\n".join(console.errors)
    page.close()
