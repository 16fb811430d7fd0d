"""Where each number on the symmetry page comes from, in the words paper.md uses.

- the paper's claim: stated by Shen (ICML 2024) or by summaries of it (permutation invariance,
  the factor d₁!⋯d_L!);
- our reconstruction: standard mathematics we rebuilt, not confirmed as the paper's statement
  (sign flips, ReLU rescaling, the canonical form, alignment from the literature);
- our own check: measured here, on this network, in float64.
Never "Theorem k of Shen (2024)": the paper's theorems were not available to us.
"""

import streamlit as st

PAPER = ":material/menu_book: **the paper's claim**"
RECON = ":material/construction: **our reconstruction**"
CHECK = ":material/science: **our own check**"


def check(what: str) -> None:
    st.caption(f"{CHECK}: {what}")


def twin_count_source(sign_flips: bool, rescaling: bool) -> None:
    parts = [f"{PAPER}: hidden units can be permuted, a factor d₁!⋯d_L! (Shen 2024, as summarised)."]
    if sign_flips:
        parts.append(f"{RECON}: a factor 2 per unit from sign flips (paper.md §2.3).")
    if rescaling:
        parts.append(f"{RECON}: ReLU rescaling, a continuous family (§2.4).")
    parts.append("Exact integer computed here; for generic weights (dead or duplicate units give even more, §2.5).")
    st.caption(" ".join(parts))
