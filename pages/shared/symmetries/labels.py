"""Where each number on the symmetry page comes from, with a link to its section of the Theory page.

- the paper's claim: stated by Shen (ICML 2024) or by summaries of it (permutation invariance,
  the factor d₁!⋯d_L!);
- our reconstruction: standard mathematics we rebuilt, not confirmed as the paper's statement
  (sign flips, ReLU rescaling, sin's shifts, linear mixtures, the canonical form, alignment from the literature);
- our own check: measured here, on this network, in float64.
Never "Theorem k of Shen (2024)": the paper's theorems were not available to us.
"""


from core.symmetry.activation_facts import FLIP, RESCALE, ActivationFacts
from pages.shared import plain_words
from pages.shared.theory_link import theory_link

PAPER = ":material/menu_book: **the paper's claim**"
RECON = ":material/construction: **our reconstruction**"
CHECK = ":material/science: **our own check**"


def check(what: str) -> None:
    plain_words.caption(f"{CHECK}: {what}")


def twin_count_source(facts: ActivationFacts) -> None:
    parts = [f"{PAPER}: hidden units can be permuted, a factor $d_1!\\cdots d_L!$ (Shen 2024, as summarised)."]
    if FLIP in facts.holds:
        parts.append(f"{RECON}: a factor 2 per unit from sign flips.")
    elif facts.activation == "sigmoid":
        parts.append(f"{RECON}: a factor 2 per unit from the sigmoid's affine flip.")
    if RESCALE in facts.holds:
        parts.append(f"{RECON}: rescaling by c > 0, a continuous family.")
    parts.append(f"{CHECK}: this network's count, exact on its float64 weights (equal means exactly equal). "
                 f"{theory_link('distinct-twins')} · {theory_link('symmetries-by-activation')}")
    plain_words.caption(" ".join(parts))
