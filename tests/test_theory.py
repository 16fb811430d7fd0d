"""docs/theory.md is the project's own theory: its sections match core.theory, the Theory page renders
them (one section from a link, all without one), and no project file sends a reader to notes outside it."""

import re
import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.theory import SECTIONS, THEORY_FILE, check_section, heading_slug, section_text, split_sections
from pages.shared.theory_link import on_page, theory_link

ROOT = Path(__file__).resolve().parents[1]
# Built from pieces so that this file does not itself name them.
PRIVATE_NOTES = re.compile(r"paper" + r"\.md|\.\./" + r"shared|shared/" + r"research")


def _project_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    return [ROOT / name for name in listed if (ROOT / name).is_file()]


def test_no_project_file_names_the_private_research_notes():
    offenders = []
    for path in _project_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images and other binary files
        offenders += [f"{path.relative_to(ROOT)}:{n}" for n, line in enumerate(text.splitlines(), 1)
                      if PRIVATE_NOTES.search(line)]
    assert not offenders, offenders


def test_the_private_notes_pattern_catches_every_spelling():
    for text in ("see paper" + ".md §3", "../" + "shared/x", "shared/" + "research/tech.md"):
        assert PRIVATE_NOTES.search(text), text
    assert not PRIVATE_NOTES.search("pages/shared/theory_link.py")


def test_heading_slug_is_githubs_anchor():
    assert heading_slug("Provenance labels") == "provenance-labels"
    assert heading_slug("Extensions: CNN, ResNet, attention") == "extensions-cnn-resnet-attention"
    assert heading_slug("  Init map ") == "init-map"


def test_sections_match_the_headings_of_docs_theory_in_order():
    headings = re.findall(r"^## +(.+)$", THEORY_FILE.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert headings == list(SECTIONS.values())
    assert all(heading_slug(title) == slug for slug, title in SECTIONS.items())


@pytest.mark.parametrize("slug", list(SECTIONS))
def test_every_section_has_text_and_balanced_math(slug):
    text = section_text(slug)
    assert len(text) > 200, f"{slug}: {len(text)} characters"
    assert "TODO" not in text and "TBD" not in text
    assert text.replace(r"\$", "").count("$") % 2 == 0, f"{slug}: unbalanced $ math delimiters"


def test_display_math_opens_and_closes_on_one_line_or_stands_on_its_own_lines():
    """Streamlit's Markdown (remark-math) renders $$ blocks only as `$$` lines of their own around the
    formula, or as `$$...$$` within one line; a block that starts mid-line and ends lines later shows as
    red LaTeX source on the Theory page."""
    for number, line in enumerate(THEORY_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if "$$" in line and line != "$$":
            assert line.count("$$") % 2 == 0, f"docs/theory.md:{number}: {line[:60]}"


def test_split_sections_drops_the_preamble_and_keeps_bodies():
    parts = split_sections("# Title\nintro\n## First part\nbody one\n## Second\nbody two\n")
    assert parts == {"first-part": "body one", "second": "body two"}


def test_check_section_names_the_parameter_and_the_allowed_values():
    assert check_section("orbit-count") == "orbit-count"
    with pytest.raises(ValueError, match=r"section 'nope': must be one of provenance-labels, "):
        check_section("nope")


def test_theory_link_points_at_the_section_and_refuses_unknown_slugs():
    assert theory_link("orbit-count") == "[theory: Orbit count](theory?section=orbit-count)"
    assert theory_link("init-map", "the rule") == "[the rule](theory?section=init-map)"
    with pytest.raises(ValueError, match="section"):
        theory_link("orbit-counts")


def test_every_link_into_the_theory_in_the_code_names_a_real_section():
    used = set()
    for path in [*ROOT.glob("pages/**/*.py"), *ROOT.glob("core/**/*.py"), ROOT / "README.md", THEORY_FILE]:
        text = path.read_text(encoding="utf-8")
        used |= {(path.name, slug) for slug in re.findall(r"theory_link\(\s*\"([^\"]+)\"", text)}
        used |= {(path.name, slug) for slug in re.findall(r"theory\.md#([\w-]+)", text)}
        used |= {(path.name, slug) for slug in re.findall(r"theory\?section=([\w-]+)", text)}
        used |= {(path.name, slug) for slug in re.findall(r"\]\(#([\w-]+)\)", text)}
    assert used, "no links into the theory found: the scan is broken"
    assert {(name, slug) for name, slug in used if slug not in SECTIONS} == set()


def _theory_page(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.switch_page("pages/theory.py").run()


def test_theory_page_shows_every_section_without_a_link_value():
    at = _theory_page()
    assert not at.exception and not at.error
    assert [header.value for header in at.header] == list(SECTIONS.values())


def test_a_section_link_opens_that_section_only():
    at = _theory_page({"section": "orbit-count"})
    assert not at.exception and not at.warning
    assert [header.value for header in at.header] == ["Orbit count"]
    assert at.selectbox[0].value == "orbit-count"


def test_an_unknown_section_falls_back_to_all_with_a_named_warning():
    at = _theory_page({"section": "nonsense"})
    assert not at.exception
    assert "section='nonsense'" in at.warning[0].value
    assert len(at.header) == len(SECTIONS)


def test_in_document_links_become_links_to_the_section_on_the_page():
    assert on_page("see [Orbit count](#orbit-count).") == "see [Orbit count](theory?section=orbit-count)."
    with pytest.raises(ValueError, match="section 'no-such'"):
        on_page("[x](#no-such)")


def test_the_shipped_numbers_quoted_in_the_width_section_are_the_shipped_ones():
    from core.init_regions.shipped import floor_for, shipped_results

    text = section_text("width-experiment")
    quoted = re.search(r"uniform starts after 1,000 steps in the shipped run: ([\d, ]+) of 100 at widths\s+([\d, ]+)",
                       text)
    assert quoted, "the width section no longer quotes the shipped uniform curve"
    counts, widths = ([int(v) for v in group.replace(",", " ").split()] for group in quoted.groups())
    result = next(r for r in shipped_results() if "uniform" in r.spec.schemes)
    shipped = {row.width: row.successes for row in result.curve("uniform", 1000)}
    assert [shipped[w] for w in widths] == counts
    floors, _ = floor_for(result.spec.task, result.spec.n_points)
    by_width = {floor.width: floor for floor in floors}
    assert f"{by_width[2].best_grid_error:.2f}" in text and f"{by_width[1].best_grid_error:.2f}" in text
