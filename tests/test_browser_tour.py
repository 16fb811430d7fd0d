"""Real browser, the classroom path (issue 6): every page opens cleanly (every scene: test_browser_screens, in
presenter mode), presenter mode hides the sidebar,
the arrow key walks the tour, a link reopens the same view (also after a server restart), hostile links
only warn, and exports carry the link. Screenshots of every page, normal and presenter, go to SHOTS."""

import re
import urllib.parse

import pytest

from core.scenes import SCENES
from pages.shared.lessons import LESSONS
from tests.browser import SHOTS, ConsoleLog, wait_until_drawn
from tests.streamlit_server import running_app

pytestmark = pytest.mark.browser
SLUG = {lesson.id: lesson.path.split("/")[-1].removesuffix(".py") for lesson in LESSONS}
EXCEPTION = '[data-testid="stException"]'
LINK_WARNING = '[data-testid="stAlert"]:has-text("From the link")'


def _open(browser, url: str, *, width=1400, height=1000):
    page = browser.new_page(viewport={"width": width, "height": height})
    console = ConsoleLog()
    console.watch(page)
    page.on("dialog", lambda dialog: console.errors.append(f"dialog opened: {dialog.message}"))
    page.goto(url)
    return page, console


def _settled(page, timeout=90_000):
    """Wait until the script has finished (no running indicator) and a figure is drawn."""
    page.locator('[data-testid="stMain"] .js-plotly-plot').first.wait_for(timeout=timeout)
    wait_until_drawn(page, timeout)


def _metric(page, label: str) -> str:
    return page.locator('[data-testid="stMetric"]', has_text=label).first.locator(
        '[data-testid="stMetricValue"]').inner_text()


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_every_page_in_normal_and_presenter_mode(app_url, browser, lesson):
    normal, console = _open(browser, f"{app_url}/{SLUG[lesson.id]}")
    _settled(normal)
    assert normal.locator('section[data-testid="stSidebar"]').is_visible()
    normal.screenshot(path=str(SHOTS / f"page-{lesson.id}.png"))
    presenter, presenter_console = _open(browser, f"{app_url}/{SLUG[lesson.id]}?present=1", width=1280, height=720)
    _settled(presenter)
    assert not presenter.locator('section[data-testid="stSidebar"]').is_visible()
    assert "present=1" in presenter.url
    presenter.screenshot(path=str(SHOTS / f"presenter-{lesson.id}.png"))
    assert presenter.locator(EXCEPTION).count() == 0 and normal.locator(EXCEPTION).count() == 0
    assert console.errors + presenter_console.errors == []
    normal.close()
    presenter.close()


def test_the_right_arrow_opens_the_next_scene(app_url, browser):
    first, second = SCENES[0], SCENES[1]
    page, console = _open(browser, f"{app_url}/{SLUG[first.page]}?scene={first.id}&present=1", width=1280,
                          height=720)
    _settled(page)
    page.locator('[data-testid="stMain"] h1').first.click()  # focus the page, not an input
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(f"scene={second.id}"), timeout=60_000)
    page.get_by_role("heading", name=second.title).first.wait_for(timeout=60_000)
    assert not page.locator('section[data-testid="stSidebar"]').is_visible()  # still presenting
    assert console.errors == []
    page.close()


LINKED = {"data": "circles", "noise": "0.1", "layers": "1", "w1": "5", "iseed": "4", "step": "120"}


def _linked_view(browser, base: str, query: dict):
    page, console = _open(browser, f"{base}/train?{urllib.parse.urlencode(query)}")
    _settled(page)
    page.get_by_text("step 120 of").first.wait_for(timeout=60_000)
    view = {label: _metric(page, label) for label in ("Train loss", "Test loss", "Parameters")}
    return page, console, view


def test_a_link_reopens_the_same_view_also_after_a_restart(app_url, browser):
    page, console, view = _linked_view(browser, app_url, LINKED)
    assert view["Parameters"] == "21"  # 2-5-1: 2*5 + 5 + 5 + 1
    written = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(page.url).query, keep_blank_values=True))
    assert {key: written[key] for key in LINKED} == LINKED
    page.close()
    with running_app() as restarted:  # a fresh server process: nothing but the link survives
        again, again_console, again_view = _linked_view(browser, restarted, written)
        assert again_view == view
        # the first request of a fresh server was this deep link: it still ran through app.py
        assert "Same function, different weights" in again.locator('[data-testid="stSidebarNav"]').inner_text()
        again.close()
    assert console.errors + again_console.errors == []


def test_hostile_links_only_warn(app_url, browser):
    query = "w1=abc&noise=%3Cscript%3Ealert(1)%3C/script%3E&steps=1e999&n=-5&zz=%60rm%60&scene=nope&hide=x"
    page, console = _open(browser, f"{app_url}/train?{query}")
    _settled(page)
    warnings = page.locator(LINK_WARNING)
    assert warnings.count() >= 6
    text = " ".join(warnings.all_inner_texts())
    for fragment in ("w1=abc", "noise=<script>", "steps=1e999", "n=-5", "scene=nope", "hide=x"):
        assert fragment in text, fragment
    assert page.locator(EXCEPTION).count() == 0
    assert console.errors == []  # includes: no alert dialog opened
    page.close()


def test_an_exported_csv_carries_the_link_and_seeds(app_url, browser):
    page, console = _open(browser, f"{app_url}/train?iseed=9")
    _settled(page)
    page.get_by_role("button", name="Export").nth(1).click()  # the decision figure (0 is the sidebar preview)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="CSV (the plotted data)").click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert text.startswith("# Equivalence Lab · seeds: dseed=0, iseed=9")
    assert "iseed=9" in text.splitlines()[1] and "/train?" in text.splitlines()[1]
    assert console.errors == []
    page.close()
