"""Twins: how many there are, a gallery of a few, and the canonical form that collapses them all."""

from __future__ import annotations

import streamlit as st

from core.engine.activations import get_activation
from core.engine.presets import TrainedNetwork
from core.figures.symmetry_gallery import NARROW_PER_ROW, PER_ROW, least_gallery_width
from core.limits import COUNTING_CLASSROOM
from core.links.symmetries import GALLERY_SEED, GALLERY_TWINS
from core.symmetry.activation_facts import facts_for
from core.symmetry.canonical import canonical_rule
from core.symmetry.lesson import LessonResult, canonical_verdict
from core.symmetry.moves import MoveSpec
from core.symmetry.stabiliser import TooManyCoincidences
from core.symmetry.twins import distinct_explanation, distinct_headline, twin_count, twin_sentence
from pages.shared import figure_width, plain_words, scene_figure
from pages.shared.charts import show
from pages.shared.guard import shown_errors
from pages.shared.symmetries import cached, labels
from pages.shared.symmetries.moves import append_move
from pages.shared.symmetries.source import commit
from pages.shared.theory_link import theory_link

GALLERY = "sym.gallery"  # the twin gallery's key


def _capital(sentence: str) -> str:
    return sentence[0].upper() + sentence[1:]


def counter(network: TrainedNetwork) -> None:
    act = get_activation(network.activation)
    facts = facts_for(act.name)
    generic = twin_count(network.params.widths, act.name, limits=COUNTING_CLASSROOM)  # the app keeps its caps
    # The counts in a box (the count-twins scene shows it beside its text); what keeps a function, under it.
    with scene_figure.place("sym.twins"), st.container(border=True):
        try:
            mine = cached.distinct(network.params, act.name)
        except TooManyCoincidences as error:
            st.warning(f"This network's own count could not be found exactly: {error}.", icon=":material/warning:")
        else:
            # A short bold count line, then the why as body text: the same computed words, not one long headline
            plain_words.markdown(f"**{_capital(distinct_headline(mine))}.**")
            plain_words.markdown(distinct_explanation(mine))
        plain_words.markdown(f"For comparison, {twin_sentence(generic)}: the group of {facts.finite_group} has "
                             "that many elements, and each makes a different weight setting from a generic network. "
                             + facts.family_sentence(network.params.widths))
    with st.expander(f"What keeps a {act.label} network's function, and what does not"):
        plain_words.markdown("**Keeps it** (for every network):\n" + "".join(f"\n- {m}" for m in facts.holds))
        if facts.absent:
            plain_words.markdown("**Changes it** (for a generic network):\n"
                                 + "".join(f"\n- {m}" for m in facts.absent))
    if facts.caveat:
        plain_words.caption(facts.caveat)
    labels.twin_count_source(facts)


def canonical_panel(link, network: TrainedNetwork, result: LessonResult) -> None:
    plain_words.markdown("Every twin has one representative, its **canonical form**. The button moves the current "
                         "network θ′ there (the move animates above). Twins of a network without tied units all land "
                         "on the "
                         "same point; "
                         "the distance below is measured, so you can see when they do not.")
    st.info(f"**The rule** (for {network.activation}): {canonical_rule(network.activation)}.",
            icon=":material/rule:")
    st.button("Canonical form", icon=":material/sort:", key="sym.canonical.tab", on_click=append_move,
              args=(link, MoveSpec("canonical")))
    left, right = st.columns(2)
    left.metric("‖θ′ − θ‖: the twin and θ", f"{result.proof.parameter_distance:.3f}")
    right.metric("‖can(θ′) − can(θ)‖: their canonical forms", f"{result.canonical_distance:.3f}")
    labels.check("both distances measured here; the canonical form itself is "
                 f"{labels.RECON} of the paper's representative-set idea ({theory_link('canonical-form')}).")
    verdict = canonical_verdict(result)  # from the measured distance, not from the moves applied
    icon = ":material/check_circle:" if verdict.kind == "success" else ":material/warning:"
    getattr(st, verdict.kind)(verdict.text, icon=icon)


def gallery_alt(twins) -> str:
    """The gallery's alt text, from the measured gaps and weight distances (twins of a degenerate network
    can be θ itself, at distance 0)."""
    worst = max((t.gap for t in twins), default=0.0)
    near, far = min((t.distance for t in twins), default=0.0), max((t.distance for t in twins), default=0.0)
    if far == 0.0:
        weights = "and every one of these twins has exactly θ's weights (distance 0 in weight space)"
    elif near == 0.0:
        weights = (f"while their weights are between 0 (the same weights as θ) and {far:.3g} away from θ's "
                   "in weight space")
    else:
        weights = f"while their weights are between {near:.3g} and {far:.3g} away from θ's in weight space"
    return (f"The network θ and {len(twins)} random twins side by side: every thumbnail shows the same decision "
            f"picture (largest output difference {worst:.0e}), {weights}.")


def _gallery_panel(link, network: TrainedNetwork) -> None:
    count_col, seed_col, _ = st.columns([2, 1, 3])
    k = link.control("twins", count_col.slider, "Twins", *GALLERY_TWINS)
    seed = link.control("gseed", seed_col.number_input, "Draw", *GALLERY_SEED, help="Change it for other random twins.")
    commit(link, network)  # a fragment rerun changes the link too (and the exports below carry the new one)
    twins = cached.twins(network.params, network.activation, k, seed, network.train, network.test)
    titles = ("θ (yours)",) + tuple(f"twin {i + 1}: max |Δf| {t.gap:.0e}" for i, t in enumerate(twins))
    per_row = NARROW_PER_ROW if figure_width.narrow(GALLERY) else PER_ROW  # watched from the page: watch_gallery
    show(cached.gallery_picture(network.params, network.activation, k, seed, network.train, network.test,
                                titles, per_row), GALLERY, name=f"twin gallery draw {seed}", alt=gallery_alt(twins))
    labels.check(f"each thumbnail is computed from its own twin; max |Δf| over the data and a grid; the twins are "
                 f"{', '.join(f'{t.distance:.1f}' for t in twins)} away from θ in weight space.")


def watch_gallery() -> None:
    """Watch the gallery's drawn width from the page's own run (the gallery panel is a fragment, which cannot
    mount into the sidebar): on a phone its four titles a row would print over each other, so it shows two."""
    figure_width.watch(GALLERY, least_gallery_width())


@st.fragment
def gallery_panel(link, network: TrainedNetwork) -> None:
    """A fragment: its widgets rerun only this panel, so it shows its own errors."""
    with shown_errors():
        _gallery_panel(link, network)
