"""The extensions calculator: CNN, ResNet and attention group orders, all clearly our reconstruction."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from core.big_numbers import format_log10
from core.bounds import covering
from core.bounds import extensions as ext
from core.bounds.settings import parse_hidden_widths
from pages.shared.bounds.panels import tag
from pages.shared.guard import shown_errors


def _row(reading) -> dict:
    share = reading.relative_reduction_pct
    return {
        "architecture": reading.name,
        "group order |G|": format_log10(reading.log10_group_order),
        "parameters S": f"{reading.n_params:,}",
        "parameters per permuted unit": reading.params_per_unit,
        "relative reduction of ln N": "—" if share is None else f"{share:.3g} %",
        "source": tag(reading.provenance),
    }


def _cnn(link, log_m):
    left, mid, right = st.columns(3)
    c0 = link.control("cnn_in", left.number_input, "Input channels C₀", step=1)
    text = link.control("cnn_ch", mid.text_input, "Hidden conv channels")
    k = link.control("cnn_k", right.number_input, "Kernel k", step=1)
    return ext.cnn_reading(c0, parse_hidden_widths(text), k, log_m=log_m)


def _resnet(link, log_m, input_dim):
    left, mid, right = st.columns(3)
    stream = link.control("res_d", left.number_input, "Stream width D", step=1)
    text = link.control("res_blocks", mid.text_input, "Inner width of each block")
    embedded = link.control("res_embed", right.checkbox, "Learned input embedding",
                            help="Only then can the residual stream itself be permuted (one global D!).")
    return ext.resnet_reading(input_dim, stream, parse_hidden_widths(text), learned_embedding=embedded, log_m=log_m)


def _attention(link, log_m):
    cols = st.columns(5)
    d_model = link.control("att_model", cols[0].number_input, "d_model", step=1)
    heads = link.control("att_heads", cols[1].number_input, "Heads H", step=1)
    d_k = link.control("att_dk", cols[2].number_input, "d_k = d_v", step=1)
    d_ff = link.control("att_ff", cols[3].number_input, "MLP d_ff (0: none)", step=1)
    blocks = link.control("att_blocks", cols[4].number_input, "Blocks", step=1)
    return ext.attention_reading(d_model, heads, d_k, d_k, d_ff=d_ff or None, n_blocks=blocks, log_m=log_m)


def extensions_calculator(link, report) -> None:
    log_m = report.current.terms["log_grid_size"]
    st.caption(f"{tag(covering.PROVENANCE['cnn_group_order'])} The paper discusses CNNs, ResNets and attention "
               "[PAPER]; the group orders below are our reconstruction (paper.md §3.10), its exact counts are "
               "unverified. Only the finite, box-preserving permutations are counted; the invertible maps inside "
               "attention are continuous and are not. The relative reduction ln|G| / (S ln m) uses your MLP's grid "
               f"size m = {format_log10(log_m / math.log(10.0))} and leaves out the tie correction [OURS].")
    rows = []
    for title, build in (("CNN", lambda: _cnn(link, log_m)),
                         ("ResNet", lambda: _resnet(link, log_m, report.settings.input_dim)),
                         ("Attention", lambda: _attention(link, log_m))):
        st.markdown(f"**{title}**")
        with shown_errors():
            rows.append(_row(build()))
    if rows:
        st.table(pd.DataFrame(rows).set_index("architecture"))  # a static table wraps; a dataframe would scroll
