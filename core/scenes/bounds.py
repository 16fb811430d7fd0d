"""Guided scenes of the page "bounds" (see core/scenes/scene.py for the format).

Every number quoted here is what the page computes for the scene's settings, and every trend word
("falls", "rises") is what core.bounds.trends reads from the numbers of the settings it is said about
(tests/test_links_bounds.py recomputes both). The page's labels stay: [SUMMARY] the paper's claim as
summaries report it, [RECON] our reconstruction (illustrative bounds, not the paper's theorems), [OURS]
our addition. N_base and N_red are upper bounds on the covering number, never the covering number itself
(docs/theory.md#covering-numbers).
"""

from core.links.bounds import LOG_VIEW, UNIFORM
from core.scenes.scene import Phrase, Scene

PAGE = "bounds"


def _uniform(depth: int, width: int, **more) -> dict:
    """Settings for `depth` hidden layers of `width` units (the slider mode, so the link is short)."""
    return {"mode": UNIFORM, "depth": depth, "width": width, **more}


WIDTH_GROWS = Scene(
    id="bound-width",
    key_figure="bounds.log_view",
    page=PAGE,
    title="The bound as width grows",
    text=(
        "Start at [[width 8]] with two hidden layers. Relabelling hidden units shrinks our grid-based upper "
        "bound on the covering number by about $\\prod_l d_l! = 8!\\cdot 8!$ = 1,625,702,400 (the factor "
        "summaries report [SUMMARY]); after the tie correction the bound falls by $N_{\\text{base}}/N_{\\text{red}}$ ≈ "
        "1,625,702,397.8 [RECON]. The covering number itself, a property of the functions, does not change. "
        "The bound loses 2.55 % of its logarithm. Now try [[width 512]]: the factor is ≈ $10^{2{,}333}$, yet "
        "the relative reduction falls to 0.13 %. Stack them [[depth 10]] deep at width 512: ≈ $10^{11{,}665}$, "
        "and 0.017 %. With two or more hidden layers the gap $\\sum_l \\ln d_l!$ grows like $d \\ln d$ per "
        "layer while $S \\ln m$ grows like $d^2 \\ln m$. With [[one hidden layer]] the opposite happens: $S$ "
        "grows like $d$, and the relative reduction rises with width, to 13.2 % at width 512."
    ),
    question=("With two layers, from width 8 to width 512 the factor went from ≈ $10^{9.2}$ to ≈ $10^{2{,}333}$ "
              "while the share of the log it removes went from 2.55 % to 0.13 %. How can dividing a bound by "
              "$10^{2{,}333}$ lower its logarithm by 0.13 %, and why does one hidden layer behave differently?"),
    settings=_uniform(2, 8, view=LOG_VIEW),
    phrases=(
        Phrase("width 8", _uniform(2, 8)),
        Phrase("width 512", _uniform(2, 512)),
        Phrase("depth 10", _uniform(10, 512)),
        Phrase("one hidden layer", _uniform(1, 512)),
    ),
)

COUNT_ORBITS = Scene(
    id="count-orbits",
    key_figure="bounds.orbits",
    page=PAGE,
    title="Count the orbits",
    text=(
        "Take 2 inputs, one layer of [[2 hidden units]] and 1 output: $S$ = 9 parameters. On a grid of "
        "[[m = 2]] values per parameter there are $m^S$ = 512 grid networks, and $|G| = 2!$ = 2 relabellings. "
        "Plain division says 256 networks up to relabelling; the exact count (Burnside's lemma [RECON]) is 272. "
        "The 32 grid networks whose two hidden units agree in incoming weights, bias and outgoing weight are "
        "unchanged by the swap: each is an orbit of its own, which $m^S/|G|$ counts as half. (Equal incoming "
        "weights alone are not enough: the swap also exchanges the outgoing weights.) Try [[m = 3]] "
        "(9,963 against 9,841.5) and [[two layers of 4]] (277,524,160 against 238,609,294.2: 16 % more)."
    ),
    question=("Why is the exact number of orbits never smaller than $m^S/|G|$? And why does the excess, as a "
              "share of $m^S/|G|$, fall as the grid gets finer (6.25 % at m = 2, 1.23 % at m = 3)?"),
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
    key_figure="bounds.generalisation",
    page=PAGE,
    title="What the reduction does to the gap bound",
    text=(
        "Our generalisation bound [RECON] is $\\text{gap} \\le 2\\ell\\varepsilon + "
        "M\\sqrt{(\\ln N + \\ln(2/\\eta))/(2n)}$, and only the bound used for $\\ln N$ feels the symmetry. "
        "Two layers of 8 at [[n = 10,000]]: 0.4043 without the reduction, 0.4016 with it. The reduced bound "
        "reaches the same gap with 9,746 samples (the required $n$, rounded up): 254 fewer, 2.5 %, close to "
        "the relative reduction of the bound on $\\ln N$, 2.55 %, again. At "
        "[[n = 1,000,000]] both approach the floor $2\\ell\\varepsilon$ = 0.2. At [[width 512]] both exceed "
        "$M$ = 1, the largest possible loss: a bound that says nothing, symmetry or not."
    ),
    question=("If symmetry divides the bound on the covering number by more than a billion here (≈ $10^{9.2}$), why "
              "does it save 2.5 % of the samples? What would have to change for the saving to be larger?"),
    settings=_uniform(2, 8, n=10_000, eps=0.1),
    phrases=(
        Phrase("n = 10,000", _uniform(2, 8, n=10_000)),
        Phrase("n = 1,000,000", _uniform(2, 8, n=1_000_000)),
        Phrase("width 512", _uniform(2, 512)),
    ),
)

SCENES: tuple[Scene, ...] = (WIDTH_GROWS, COUNT_ORBITS, LN_N_MOVES)
