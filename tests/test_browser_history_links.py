"""Real browser, issue 20 points 2 and 4: a student link's hidden settings stay the teacher's, and Back/Forward
move between the views a person saw without resetting the Train lesson's run.

Screenshots go to SHOTS (student-link-phone.png, history-*.png)."""

import re
import urllib.parse

import pytest

from tests.browser import SHOTS, ConsoleLog

pytestmark = pytest.mark.browser
EXCEPTION = '[data-testid="stException"]'
# Issue 20 point 2: the link a teacher sends to a phone.
STUDENT_LINK = "/train?data=spiral&layers=2&w1=16&w2=16&hide=data,layers,w1,w2&noise_hide=true&lr_hide=true"
LOCKED = {"data": "spiral", "layers": "2", "w1": "16", "w2": "16"}


def _open(browser, url: str, *, width=1400, height=1000):
    page = browser.new_page(viewport={"width": width, "height": height})
    console = ConsoleLog()
    console.watch(page)
    page.goto(url)
    return page, console


def _idle(page, timeout=120_000) -> None:
    """Until the app has been idle for a moment (a run it starts right after another counts as running)."""
    for _ in range(3):
        page.wait_for_timeout(700)
        page.wait_for_function(
            "() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
            " return app && app.getAttribute('data-test-script-state') !== 'running'; }", timeout=timeout)


def _query(page) -> dict:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlparse(page.url).query))


def _path(page) -> str:
    return urllib.parse.urlparse(page.url).path


def _assert_locked(page) -> None:
    query = _query(page)
    assert {name: query.get(name) for name in LOCKED} == LOCKED, query
    assert query.get("student") == "1"


def test_a_student_link_keeps_the_teachers_settings_and_offers_no_tour(app_url, browser):
    page, console = _open(browser, app_url + STUDENT_LINK + "&scene=train-a-network", width=390, height=844)
    page.get_by_text("Your teacher fixed these settings").wait_for(timeout=120_000)
    _idle(page)
    sentence = page.get_by_text("Your teacher fixed these settings")
    assert sentence.count() == 1  # said once
    for name in ("Dataset", "Hidden layers", "Layer 1 units", "Layer 2 units", "Noise", "Learning rate"):
        assert name in sentence.inner_text()
    # No tour and no presenter switch: the scene start buttons (among them "Train a network", which used to set
    # moons with 8-8 units) and Next/Previous are not on the page.
    assert page.locator('[class*="st-key-scene-start"]').count() == 0
    assert page.get_by_role("button", name=re.compile("Presenter mode")).count() == 0
    assert page.get_by_role("button", name=re.compile("^Next")).count() == 0
    # Review D6: the scene's three phrases set only settings this link fixed; a button that did nothing is not drawn.
    assert page.locator('[class*="st-key-scene-phrase"]').count() == 0
    page.keyboard.press("ArrowRight")  # no tour on a student link: the key moves nothing
    _idle(page)
    _assert_locked(page)
    assert _query(page).get("scene") == "train-a-network" and _path(page).endswith("/train")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "student-link-phone.png"), full_page=True)
    assert page.locator(EXCEPTION).count() == 0
    assert console.errors == [], "\n".join(console.errors)
    page.close()


def test_a_phrase_sets_what_the_teacher_left_open_and_keeps_the_rest(app_url, browser):
    """Its help naming the fixed setting is checked in tests/test_student_links.py."""
    page, console = _open(browser, app_url + "/train?data=spiral&hide=data&scene=train-a-network",
                          width=390, height=844)
    phrase = page.get_by_role("button", name="back to the moons")
    phrase.wait_for(timeout=120_000)
    _idle(page)
    phrase.click()
    _idle(page)
    query = _query(page)
    assert query["data"] == "spiral" and query["student"] == "1" and query["w1"] == "8", query
    page.screenshot(path=str(SHOTS / "student-link-scene-phone.png"))
    assert page.locator(EXCEPTION).count() == 0
    assert console.errors == [], "\n".join(console.errors)
    page.close()


def test_a_student_link_with_present_1_keeps_the_sidebar_on_a_tablet(app_url, browser):
    """Review D2: presenter mode hid the sidebar, and a student link has no switch to leave it."""
    page, console = _open(browser, app_url + "/train?data=spiral&hide=data&present=1", width=820, height=1180)
    page.get_by_text("Your teacher fixed this setting").wait_for(timeout=120_000)
    _idle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    if sidebar.get_attribute("aria-expanded") == "false":  # Streamlit folds it on narrow screens: one tap opens it
        page.locator('[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button') \
            .first.click()
    noise = sidebar.get_by_role("slider", name="Noise")  # an unlocked control, in reach
    noise.wait_for(state="visible", timeout=20_000)
    noise.scroll_into_view_if_needed()
    assert noise.is_visible() and sidebar.get_by_text("Dataset", exact=True).count() == 0
    assert page.get_by_text("is for the teacher's projector").count() == 1  # the link's warning says why
    assert "present" not in _query(page) and _query(page)["student"] == "1"
    page.screenshot(path=str(SHOTS / "student-present-tablet.png"))
    assert page.locator(EXCEPTION).count() == 0
    assert console.errors == [], "\n".join(console.errors)
    page.close()


def _symmetry_steps(page) -> int:
    """The step of the Train lesson's network the symmetry lesson works on, once the page has settled
    (it follows the Train lesson's network, which may still be published while the page opens)."""
    pattern = re.compile(r"Working on the Train lesson's .*?(\d+) training steps")
    caption = page.get_by_text(pattern).first
    caption.wait_for(timeout=120_000)
    last = None
    for _ in range(10):
        _idle(page)
        now = int(pattern.search(caption.inner_text()).group(1))
        if now == last:
            return now
        last = now
    raise AssertionError(f"the symmetry lesson's network keeps changing (last at step {last})")


def test_back_and_forward_between_train_and_the_symmetry_lesson_keep_the_run(app_url, browser):
    """Issue 20 point 4: train with steps=2000, open "Same function" part-way, then Back and Forward."""
    page, console = _open(browser, f"{app_url}/train?steps=2000")
    train = page.get_by_role("button", name="▶ Train")
    train.wait_for(timeout=120_000)
    _idle(page)
    train.click()
    page.get_by_text(re.compile(r"step ([3-9]\d\d|\d{4}) of 2000")).first.wait_for(timeout=120_000)
    # Click "Same function" while the player plays, reading the step on screen in the same instant.
    seen = page.evaluate("""() => {
      const shown = document.querySelector('.eqp-step').textContent;
      [...document.querySelectorAll('[data-testid="stSidebarNav"] a')]
        .find((a) => a.textContent.includes('Same function')).click();
      return shown;
    }""")
    seen_step = int(re.match(r"step (\d+) of", seen).group(1))
    steps = _symmetry_steps(page)
    # Issue 20 D7: the lesson works on the step the person saw when they clicked away, not on frames the
    # server had sent ahead (it used to say 516 after the player showed 332).
    assert steps == seen_step > 0, (steps, seen)
    page.screenshot(path=str(SHOTS / "history-symmetries.png"))

    page.go_back()  # one Back: the Train lesson, with its run where it was
    page.wait_for_url(re.compile(r"/train\?"), timeout=60_000)
    _idle(page)
    page.screenshot(path=str(SHOTS / "history-back-to-train.png"))
    assert int(_query(page)["step"]) == steps and _query(page)["steps"] == "2000"  # the run was not reset

    page.go_forward()  # and Forward: the symmetry lesson still works on that run
    page.wait_for_url(re.compile(r"/symmetries\?"), timeout=60_000)
    assert _symmetry_steps(page) == steps
    assert page.locator(EXCEPTION).count() == 0
    assert console.errors == [], "\n".join(console.errors)
    page.close()
