"""AppTest of the lesson page with small controls: map, merge toggle, verify, errors, sweep, classification."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGE = "pages/init_regions.py"


def _page(**controls) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page(PAGE)
    settings = {"init.resolution": 15, "init.steps": 100, **controls}
    for key, value in settings.items():  # set before the page's first run: small maps only
        at.session_state[key] = value
    return at.run()


def _metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_the_page_renders_a_small_map_with_its_summary():
    at = _page()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert _metric(at, "Starts on the map") == "225"
    assert at.header[0].value.startswith("The map")
    at.toggle(key="init.merge").set_value(True).run()
    assert not at.exception


def test_verify_reports_an_identical_outcome_map():
    at = _page()
    at.button(key="init.verify").click().run()
    assert not at.exception
    assert at.success and at.success[0].value.startswith("Identical outcome map. 225 of 225")


def test_too_much_work_shows_what_to_reduce():
    at = _page(**{"init.resolution": 101, "init.steps": 1500})
    assert not at.exception
    assert any("reduce the resolution" in e.value for e in at.error)


def test_a_tiny_width_sweep_runs_and_reports_honestly():
    at = _page()
    at.multiselect(key="init.experiment_schemes").set_value(["constant", "uniform"])
    at.multiselect(key="init.experiment_widths").set_value([1, 3, 8])
    at.number_input(key="init.experiment_starts").set_value(10)
    at.number_input(key="init.experiment_steps").set_value(50).run()
    at.button(key="init.experiment_run").click().run()
    assert not at.exception and not at.error
    sentences = [m.value for m in at.markdown if m.value.startswith("After **")]
    assert len(sentences) == 3  # one per step budget, each naming what the intervals show
    assert all(any(word in s for word in ("higher at width 8 than at width 3", "lower at width 8 than at width 3",
                                          "no clear difference between width 3 and width 8",
                                          "no start recovered the teacher at any width")) for s in sentences)
    assert all("no start recovered the teacher at any width: Constant" in s for s in sentences)  # all zeros
    assert not any(word in s for s in sentences for word in ("rises", "falls"))
    assert any(m.value.startswith("In this run, 0 of 20 starts narrower than the teacher") for m in at.markdown)


def test_a_classification_scene_renders():
    at = _page(**{"init.task": "moons", "init.n_points": 30})
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert _metric(at, "Starts on the map") == "225"


def test_the_summary_metrics_are_the_computed_outcome_shares():
    """The page's numbers are map_outcomes' numbers for the same spec (and the rule is stated beside the map)."""
    from core.init_regions.map import map_outcomes, train_map
    from core.init_regions.map_words import percent
    from core.init_regions.outcomes import OTHER_FIT
    from core.init_regions.task import MapSpec

    at = _page()
    outcomes = map_outcomes(train_map(MapSpec(resolution=15, steps=100)))
    assert _metric(at, "At a twin of the target") == percent(outcomes.twin_share)
    assert _metric(at, "Low loss, not at a twin") == percent(outcomes.share(OTHER_FIT))
    rule = outcomes.rule()
    texts = ([c.value for c in at.caption] + [m.value for m in at.markdown] + [m.proto.help for m in at.metric]
             + [chart.proto.spec for chart in at.get("plotly_chart")])
    assert at.get("plotly_chart"), "the map is drawn"
    assert sum(text.count(rule[:40]) for text in texts) == 1  # the rule, stated once on the page ...
    assert any(c.value.startswith(rule) for c in at.caption)  # ... as the caption under the map


def test_the_width_section_says_what_it_measured_and_what_the_paper_claims():
    """The default view shows the shipped curves; every sentence about them is built from their numbers."""
    from core.init_regions.shipped import MADE_BY, SHIPPED_SPECS, precomputed_for, shipped_floors
    from core.init_regions.width_report import floor_sentence, trend, trend_sentences

    at = _page()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "*[PAPER, abstract]* Wider networks are easier to train" in text and "*[OURS]* Our own experiment" in text
    # v1's abstract says it too (as "vanishing"): the label names no version
    assert "v2/v3" not in text and text.count("*[PAPER, abstract]* Wider networks are easier to train") == 2
    assert "theory?section=width-experiment" in text
    assert "*[SUMMARY]* The paper is theoretical: it reports no experiments." in text
    for wrong in ("needs 3 hidden units", "paper's quantity", "fits perfectly", "Representative starts"):
        assert wrong not in text, wrong
    spec = SHIPPED_SPECS[0]
    result = precomputed_for(spec)
    # the floor is the shipped one, said to be precomputed (no 4 s least-squares run on the first visit)
    floors = shipped_floors()[(spec.task, spec.n_points)]
    assert floor_sentence(floors, spec.tolerance) + f" *(Precomputed by `{MADE_BY}`.)*" in text
    trends = {(s, b): trend(result, s, b) for s in spec.schemes for b in spec.budgets}
    for sentence in trend_sentences(result, trends):
        assert sentence in text
    assert at.button(key="init.experiment_run").label.startswith("Recompute the width experiment live")


def test_the_loss_slider_is_a_threshold_not_a_verdict_and_the_axes_use_the_matrix_convention():
    """A low loss alone is not "found": the slider says the radius and margin tests also apply. The axis
    pickers show units counted from 1 inside matrices counted from 0 (b₀[1]), never the bare link key b1."""
    from core.init_regions.outcomes import TWIN_MARGIN, TWIN_RADIUS

    at = _page()
    slider = at.select_slider(key="init.loss_tol.True")
    assert slider.label == "Low-loss threshold" and "found" not in slider.label
    assert f"within {TWIN_RADIUS:g}" in slider.help and f"at most {TWIN_MARGIN:g}×" in slider.help
    assert "radius and margin tests" in slider.help
    options = at.selectbox(key="init.x_key").options
    assert "bias of unit 1, b₀[1]" in options and "bias of unit 2, b₀[2]" in options
    assert not any(option.startswith("b1") for option in options)
    text = "\n".join(m.value for m in at.markdown)
    assert "(b₀[1], b₀[2]) = (x, y)" in text and "(b1, b2)" not in text


def test_the_zero_section_calls_a_silent_network_a_constant_function_and_identical_units_one_unit():
    """All-zero start: no "width-1 version" metric and no "one unit in disguise"; constant start: both."""
    for scheme, silent in (("zero", True), ("constant", False)):
        at = _page(**{"init.zero_scheme": scheme})
        assert not at.exception
        labels = [m.label for m in at.metric]
        caption = next(c.value for c in at.caption if "drawn thickest first" in c.value)
        assert ("Largest hidden-unit weight" in labels) == silent
        assert ("Gap to its width-1 version" in labels) == (not silent)
        assert ("It stays a constant function" in caption) == silent
        assert ("one unit in disguise" in caption) == (not silent)


def _page_text(at) -> str:
    return " ".join(block.value for block in (*at.markdown, *at.info, *at.caption))


def test_the_mirror_text_points_at_a_dashed_line_only_when_the_map_draws_it():
    with_overlays = _page(**{"init.overlays": True})
    assert not with_overlays.exception
    assert "across the dashed line x = y" in _page_text(with_overlays)
    without = _page(**{"init.overlays": False})
    assert not without.exception
    text = _page_text(without)
    assert "dashed line" not in text and "across the diagonal x = y" in text
