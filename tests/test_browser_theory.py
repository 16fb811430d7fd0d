"""Real browser: the Theory page typesets every formula of docs/theory.md (KaTeX reports no error), a
section link opens that section alone, and a provenance link on a lesson leads to its section."""

import pytest

from core.theory import SECTIONS
from tests.browser import ConsoleLog

pytestmark = pytest.mark.browser
HEADER = '[data-testid="stMain"] [data-testid="stHeading"] h2'


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    console = ConsoleLog()
    console.watch(page)
    page.goto(url)
    return page, console


def _typeset(page, sections: int) -> None:
    page.locator(HEADER).nth(sections - 1).wait_for(timeout=90_000)
    page.locator(".katex").first.wait_for(timeout=30_000)


def test_every_formula_of_the_theory_typesets(app_url, browser):
    page, console = _open(browser, f"{app_url}/theory")
    _typeset(page, len(SECTIONS))
    assert page.locator(HEADER).all_inner_texts() == list(SECTIONS.values())
    errors = page.locator(".katex-error").all_inner_texts()
    assert errors == [], f"{len(errors)} formulas show as LaTeX source, first: {errors[0][:120]}"
    assert page.locator(".katex").count() > 300  # the formulas are there, typeset
    assert page.locator('[data-testid="stException"]').count() == 0
    assert console.errors == [], "\n".join(console.errors)
    page.close()


def test_a_section_link_shows_that_section(app_url, browser):
    page, console = _open(browser, f"{app_url}/theory?section=orbit-count")
    _typeset(page, 1)
    assert page.locator(HEADER).all_inner_texts() == ["Orbit count"]
    assert page.locator(".katex-error").count() == 0
    assert console.errors == [], "\n".join(console.errors)
    page.close()


def test_a_provenance_link_on_a_lesson_opens_its_section(app_url, browser):
    page, console = _open(browser, f"{app_url}/bounds")
    link = page.get_by_role("link", name="theory: Provenance labels").first
    link.wait_for(timeout=90_000)
    with page.context.expect_page() as opened:  # Streamlit opens Markdown links in a new tab
        link.click()
    theory = opened.value
    theory.locator(HEADER).first.wait_for(timeout=90_000)
    assert theory.locator(HEADER).all_inner_texts() == ["Provenance labels"]
    assert "section=provenance-labels" in theory.url
    assert console.errors == [], "\n".join(console.errors)
    theory.close()
    page.close()
