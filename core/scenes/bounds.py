"""Guided scenes of the page "bounds" (see core/scenes/scene.py for the format).

Every number quoted here is what the page computes for the scene's settings (tests/test_links_bounds.py
recomputes them), and keeps the page's labels: [SUMMARY] the paper's claim as summaries report it,
[RECON] our reconstruction (illustrative bounds, not the paper's theorems), [OURS] our addition.
"""

from core.links.bounds import LOG_VIEW, UNIFORM
from core.scenes.scene import Phrase, Scene

PAGE = "bounds"


def _uniform(depth: int, width: int, **more) -> dict:
    """Settings for `depth` hidden layers of `width` units (the slider mode, so the link is short)."""
    return {"mode": UNIFORM, "depth": depth, "width": width, **more}


WIDTH_GROWS = Scene(
    id="bound-width",
    page=PAGE,
    title="The bound as width grows",
    text=(
        "Start at [[width 8]] with two hidden layers. Relabelling hidden units shrinks the covering number by "
        "∏ d_l! = 8!·8! ≈ 10^9.2 (the paper's factor [SUMMARY]), and in our reconstructed bound [RECON] that "
        "removes 2.55 % of ln N. Now try [[width 512]]: the factor is ≈ 10^2,333, yet the relative reduction "
        "falls to 0.13 %. Stack them [[depth 10]] deep at width 512: ≈ 10^11,665, and 0.017 %. The gap "
        "Σ ln d_l! grows like d ln d per layer; ln N grows like d² ln m."
    ),
    question=("The symmetry factor grew by more than 2,000 orders of magnitude, and the share of ln N it removes "
              "shrank. Why can an astronomically smaller covering number be only a slightly smaller log-covering "
              "number?"),
    settings=_uniform(2, 8, view=LOG_VIEW),
    phrases=(
        Phrase("width 8", _uniform(2, 8)),
        Phrase("width 512", _uniform(2, 512)),
        Phrase("depth 10", _uniform(10, 512)),
    ),
)

COUNT_ORBITS = Scene(
    id="count-orbits",
    page=PAGE,
    title="Count the orbits",
    text=(
        "Take 2 inputs, one layer of [[2 hidden units]] and 1 output: S = 9 parameters. On a grid of "
        "[[m = 2]] values per parameter there are m^S = 512 grid networks, and |G| = 2! = 2 relabellings. "
        "Plain division says 256 networks up to relabelling; the exact count (Burnside's lemma [RECON]) is 272. "
        "The 32 grid networks whose two hidden units are identical are unchanged by the swap: each is an orbit "
        "of its own, which m^S/|G| counts as half. Try [[m = 3]] (9,963 against 9,841.5) and "
        "[[two layers of 4]] (277,524,160 against 238,609,294.2: 16 % more)."
    ),
    question=("Why is the exact number of orbits never smaller than m^S/|G|? And why does the excess shrink "
              "as the grid gets finer?"),
    settings=_uniform(1, 2, m=2, d0=2, dout=1, view=LOG_VIEW),
    phrases=(
        Phrase("2 hidden units", _uniform(1, 2, m=2)),
        Phrase("m = 2", {"m": 2}),
        Phrase("m = 3", _uniform(1, 2, m=3)),
        Phrase("two layers of 4", _uniform(2, 4, m=2)),
    ),
)

LN_N_MOVES = Scene(
    id="ln-n-moves",
    page=PAGE,
    title="How little ln N moves",
    text=(
        "Our generalisation bound [RECON] is gap ≤ 2ℓε + M·√((ln N + ln(2/η))/(2n)), and only ln N feels the "
        "symmetry. Two layers of 8 at [[n = 10,000]]: 0.4043 without the reduction, 0.4016 with it. The reduced "
        "bound reaches the same gap with 254 fewer samples, 2.5 %: the relative reduction of ln N again. At "
        "[[n = 1,000,000]] both approach the floor 2ℓε = 0.2. At [[width 512]] both exceed M = 1, the largest "
        "possible loss: a bound that says nothing, symmetry or not."
    ),
    question=("If symmetry divides the covering number by more than a billion here, why does it save only 2.5 % "
              "of the samples? What would have to change for it to matter more?"),
    settings=_uniform(2, 8, n=10_000, eps=0.1),
    phrases=(
        Phrase("n = 10,000", _uniform(2, 8, n=10_000)),
        Phrase("n = 1,000,000", _uniform(2, 8, n=1_000_000)),
        Phrase("width 512", _uniform(2, 512)),
    ),
)

SCENES: tuple[Scene, ...] = (WIDTH_GROWS, COUNT_ORBITS, LN_N_MOVES)
