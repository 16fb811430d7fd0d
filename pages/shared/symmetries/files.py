"""Save the network and its current twin as JSON files (import is in the sidebar: pages/shared/symmetries/source.py).

Each file is stamped with the view's share link and seeds (a "provenance" entry, which import accepts).
"""

from __future__ import annotations

import json

import streamlit as st

from core.engine.presets import TrainedNetwork
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
    left, right = st.columns(2)
    left.download_button("Download θ (JSON)", original, file_name=f"network-{arch}-{network.activation}.json",
                         mime="application/json", icon=":material/download:", key="sym.export.original",
                         width="stretch")
    right.download_button("Download θ′, the current twin (JSON)", twin,
                          file_name=f"twin-{arch}-{network.activation}.json", mime="application/json",
                          icon=":material/download:", key="sym.export.twin", width="stretch")
    st.caption("Each file holds the widths, activation, every weight and bias (exact: the doubles read back bit for "
               "bit), the data and init seeds and training settings, and for θ′ the moves that made it (with the "
               "group element when it is a twin), and this view's share link and seeds. Load either one back with "
               "*Import a network* in the sidebar; "
               "files are checked (schema, shapes, finite numbers, at most 1 MB) and never executed.")
