"""Save the network and its current twin as JSON files, and the network as safetensors (import is in the sidebar:
pages/shared/symmetries/source.py).

Each JSON file is stamped with the view's share link and seeds (a "provenance" entry, which import accepts). The
safetensors file holds the weights only, named as torch's nn.Sequential names them (core/exports/safetensors_file.py).
"""

from __future__ import annotations

import json

import streamlit as st

from core.engine.experiment import Experiment
from core.engine.mlp import Params
from core.engine.presets import TrainedNetwork
from core.exports import safetensors_file
from core.exports.network_json import encode
from core.exports.stamp import stamped_json
from core.symmetry.lesson import LessonResult
from core.symmetry.moves import describe
from pages.shared.url_sync import provenance


def _twin_transformation(result: LessonResult) -> dict:
    steps = "; ".join(describe(move.spec) for move in result.moves) or "none (θ′ = θ)"
    return {"description": f"{len(result.moves)} move(s) from the original network: {steps}",
            "is_symmetry": result.is_twin, "element": result.element}


def _stamped(text: str) -> str:
    """The file with the link and seeds it came from (json keeps every double's repr, so nothing changes)."""
    origin = provenance()
    return json.dumps(stamped_json(json.loads(text), origin["link"], origin["seeds"]), allow_nan=False)


def export_panel(network: TrainedNetwork, result: LessonResult) -> None:
    arch = "-".join(map(str, network.params.widths))
    original = _stamped(encode(network.params, network.activation, experiment=network.experiment,
                               note="Equivalence Lab: the network you started with"))
    twin = _stamped(encode(result.current, network.activation, experiment=network.experiment,
                           transformation=_twin_transformation(result),
                           note="Equivalence Lab: a twin θ′ of the original" if result.is_twin else
                           "Equivalence Lab: θ′ after a broken move (NOT a twin)"))
    left, middle, right = st.columns(3)
    left.download_button("Download θ (JSON)", original, file_name=f"network-{arch}-{network.activation}.json",
                         mime="application/json", icon=":material/download:", key="sym.export.original",
                         width="stretch")
    with middle:
        safetensors_button(network.params, network.activation)
    right.download_button("Download θ′, the current twin (JSON)", twin,
                          file_name=f"twin-{arch}-{network.activation}.json", mime="application/json",
                          icon=":material/download:", key="sym.export.twin", width="stretch")
    st.caption("Each file holds the widths, activation, every weight and bias (exact: the doubles read back bit for "
               "bit), the data and init seeds and training settings, and for θ′ the moves that made it (with the "
               "group element when it is a twin), and this view's share link and seeds. Load either one back with "
               "*Import a network* in the sidebar; "
               "files are checked (schema, shapes, finite numbers, at most 1 MB) and never executed. The safetensors "
               "file holds θ's weights and biases only (float64, named `0.weight`, `0.bias`, `2.weight`, … as torch's "
               "`nn.Sequential` names them, so `load_state_dict` reads it); import it with its activation chosen.")


def safetensors_button(params: Params, activation: str) -> None:
    """"Download θ (safetensors)", or why not (a network over the app's file limit)."""
    arch = "-".join(map(str, params.widths))
    try:
        data = safetensors_file.encode(params, activation)
    except ValueError as error:
        st.caption(f"No safetensors download: {error}")
        return
    st.download_button("Download θ (safetensors)", data, file_name=f"network-{arch}-{activation}.safetensors",
                       mime="application/octet-stream", icon=":material/download:", key="sym.export.safetensors",
                       width="stretch")


def network_downloads(params: Params, activation: str, experiment: Experiment | None) -> None:
    """The network as JSON and as safetensors, for a network the rest of the lesson cannot draw."""
    arch = "-".join(map(str, params.widths))
    left, right = st.columns(2)
    try:
        text = _stamped(encode(params, activation, experiment=experiment, note="Equivalence Lab: an imported network"))
    except ValueError as error:
        left.caption(f"No JSON download: {error}")
    else:
        left.download_button("Download θ (JSON)", text, file_name=f"network-{arch}-{activation}.json",
                             mime="application/json", icon=":material/download:", key="sym.export.original",
                             width="stretch")
    with right:
        safetensors_button(params, activation)
