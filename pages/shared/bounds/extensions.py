"""The extensions calculator: CNN, ResNet and attention group orders, all clearly our reconstruction."""

from __future__ import annotations

import math

import streamlit as st

from core.big_numbers import format_log10
from core.bounds import covering
from core.bounds import extensions as ext
from core.bounds.settings import parse_hidden_widths
from pages.shared import plain_words
from pages.shared.bounds.panels import source_legend, source_table, tag, tag_text
from pages.shared.guard import shown_errors
from pages.shared.theory_link import theory_link


def _row(reading) -> dict:
    share = reading.relative_reduction_pct
    return {
        "architecture": reading.name,
        "group order |G|": format_log10(reading.log10_group_order),
        "parameters S": f"{reading.n_params:,}",
        "parameters per permuted unit": reading.params_per_unit,
        "relative reduction of ln N": "—" if share is None else f"{share:.3g} %",
        "source": tag_text(reading.provenance),
    }


def _cnn(link, log_m, output_dim):
    left, mid, right = st.columns(3)
    c0 = link.control("cnn_in", left.number_input, "Input channels C₀", step=1)
    text = link.control("cnn_ch", mid.text_input, "Hidden conv channels")
    k = link.control("cnn_k", right.number_input, "Kernel k", step=1)
    return ext.cnn_reading(c0, parse_hidden_widths(text), k, log_m=log_m, output_dim=output_dim)


def _resnet(link, log_m, input_dim, output_dim):
    left, mid, right = st.columns(3)
    stream = link.control("res_d", left.number_input, "Stream width D", step=1)
    text = link.control("res_blocks", mid.text_input, "Inner width of each block")
    embedded = link.control("res_embed", right.checkbox, "Learned input embedding",
                            help="With it, all D stream coordinates can be permuted (one global D!); without it, "
                                 r"the input fixes its own coordinates and only the $D - d_{\text{in}}$ zero-padding "
                                 r"coordinates can be permuted ($(D - d_{\text{in}})!$).")
    return ext.resnet_reading(input_dim, stream, parse_hidden_widths(text), learned_embedding=embedded, log_m=log_m,
                              output_dim=output_dim)


def _attention(link, log_m):
    cols = st.columns(5)
    d_model = link.control("att_model", cols[0].number_input, r"$d_{\text{model}}$", step=1)
    heads = link.control("att_heads", cols[1].number_input, "Heads H", step=1)
    d_k = link.control("att_dk", cols[2].number_input, r"$d_k = d_v$", step=1)
    d_ff = link.control("att_ff", cols[3].number_input, r"MLP $d_{\text{ff}}$ (0: none)", step=1)
    blocks = link.control("att_blocks", cols[4].number_input, "Blocks", step=1)
    return ext.attention_reading(d_model, heads, d_k, d_k, d_ff=d_ff or None, n_blocks=blocks, log_m=log_m)


def extensions_calculator(link, report) -> None:
    log_m, s = report.current.terms["log_grid_size"], report.settings
    plain_words.caption(f"{tag(covering.PROVENANCE['cnn_group_order'])} The paper discusses CNNs, ResNets and "
                        "attention "
                        "[PAPER]; the group orders below are our reconstruction, their exact counts are "
                        "unverified. The calculator counts permutations only: not sign flips (signed permutations also "
                        "map the box onto itself and keep the function for the stream's coordinates, the q/k and v/o "
                        "coordinates, and for units or channels under an odd activation), and not the continuous "
                        "symmetries (the invertible maps inside attention; the stream's invertible maps, all of GL(D) "
                        "with a learned embedding, those that fix the input's coordinates without one; ReLU "
                        "rescaling). "
                        "Parameters S include the CNN's linear head (after global "
                        f"average pooling) and the ResNet's linear readout, both to your output size "
                        f"{s.output_dim}, and the "
                        f"ResNet's embedding from your input size {s.input_dim} when it is learned; attention "
                        "counts its "
                        "blocks only. The relative reduction ln|G| / (S ln m) [OURS] uses the grid size of *your "
                        "MLP* above, "
                        f"m = {format_log10(log_m / math.log(10.0))}, not one computed for these architectures (we "
                        "have no "
                        "Lipschitz constant for them), and leaves out the tie correction: read it as how ln|G| "
                        "compares with "
                        f"S ln m at that m, not as a bound for these networks. {theory_link('extensions')}")
    rows = []
    for title, build in (("CNN", lambda: _cnn(link, log_m, s.output_dim)),
                         ("ResNet", lambda: _resnet(link, log_m, s.input_dim, s.output_dim)),
                         ("Attention", lambda: _attention(link, log_m))):
        plain_words.markdown(f"**{title}**")
        with shown_errors():
            rows.append(_row(build()))
    if rows:
        st.table(source_table(rows).set_index("architecture"))  # a static table wraps; a dataframe would scroll
        source_legend(rows)
