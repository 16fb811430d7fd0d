"""The symmetry lesson with imported networks of any shape: safetensors beside JSON, and networks its figures
cannot draw (64 inputs, 10 outputs) get a note saying why and the checks that work for any network, never a
traceback. AppTest (no file upload in AppTest: the upload's reader is tested directly, the page from session state)."""

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors.torch import save as torch_save
from streamlit.testing.v1 import AppTest
from torch import nn

from core.engine import presets
from core.engine.experiment import Experiment
from core.engine.init_schemes import init_params
from core.exports import safetensors_file
from core.exports.network_json import decode, encode
from pages.shared.symmetries.source import read_network_file

ROOT = Path(__file__).resolve().parents[1]
PAGE = "pages/symmetries.py"


@pytest.fixture
def app(monkeypatch):
    for name, experiment in list(presets.PRESETS.items()):
        monkeypatch.setitem(presets.PRESETS, name, dataclasses.replace(experiment, steps=60))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()


def _torch_file(widths=(64, 32, 10)) -> bytes:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(widths[0], widths[1]), nn.ReLU(), nn.Linear(widths[1], widths[2]))
    return torch_save(model.state_dict())


def _open_with(app, network):
    app.session_state["sym.imported"] = network
    app.session_state["sym.source"] = "file"
    at = app.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def test_the_upload_reader_takes_safetensors_with_the_chosen_activation_and_json():
    network = read_network_file("model.SafeTensors", _torch_file(), "relu")
    assert network.params.widths == (64, 32, 10) and network.activation == "relu"
    params = init_params((2, 3, 1), rng=np.random.default_rng(0))
    assert read_network_file("net.json", encode(params, "tanh").encode(), "relu").activation == "tanh"
    with pytest.raises(ValueError, match="JSON file, not safetensors"):
        read_network_file("net.safetensors", encode(params, "tanh").encode(), "relu")
    with pytest.raises(ValueError, match="network JSON is not"):
        read_network_file("net.json", _torch_file(), "relu")


def test_a_64_32_10_safetensors_network_says_why_and_measures_a_twin(app):
    network = safetensors_file.decode(_torch_file(), "relu")
    at = _open_with(app, network)
    info = " ".join(i.value for i in at.info)
    assert "64 inputs" in info and "10 outputs" in info and "not drawn" in info
    values = {m.label: m.value for m in at.metric}
    assert float(values["largest output change"]) < 1e-12
    assert values["same predicted class"] == "2,000 / 2,000"
    assert float(values["‖θ − θ′‖"]) > 0.1
    assert "the imported 64-32-10 relu network" in " ".join(c.value for c in at.sidebar.caption)
    keys = {b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")}
    assert any(k.endswith("sym.export.safetensors") for k in keys) and any(k.endswith("sym.export.original")
                                                                          for k in keys)
    at.number_input(key="sym.wide.seed").set_value(7).run()
    assert not at.exception and float({m.label: m.value for m in at.metric}["largest output change"]) < 1e-12


def test_a_plane_network_with_three_outputs_gets_the_note_not_a_traceback(app):
    params = init_params((2, 6, 3), rng=np.random.default_rng(1))
    at = _open_with(app, decode(encode(params, "tanh")))
    info = " ".join(i.value for i in at.info)
    assert "3 outputs" in info and "inputs (" not in info


def test_a_drawable_network_offers_the_safetensors_download(app):
    experiment = dataclasses.replace(Experiment(), hidden=(4,), activation="tanh")
    params = init_params((2, 4, 1), rng=np.random.default_rng(2))
    at = _open_with(app, decode(encode(params, "tanh", experiment=experiment)))
    at.session_state["sym.tab"] = "Save as JSON"
    at = at.run()
    assert not at.exception
    ids = [b.proto.id for b in at.get("download_button")]
    assert any(i.endswith("sym.export.safetensors") for i in ids), ids


def test_the_train_lessons_wide_network_gets_the_note_and_its_own_data(app):
    from core.engine.data import CLASSIFICATION, Dataset
    from core.engine.presets import TrainedNetwork
    from pages.shared.session import TRAINED_NETWORK

    rng = np.random.default_rng(3)
    data = Dataset(rng.normal(size=(90, 64)), (np.arange(90) % 10).astype(float), CLASSIFICATION, n_classes=10)
    params = init_params((64, 32, 10), rng=np.random.default_rng(4))
    experiment = dataclasses.replace(Experiment(), dataset="digits", hidden=(32,), steps=10)
    app.session_state[TRAINED_NETWORK] = TrainedNetwork(params, "tanh", data.subset(np.arange(60)),
                                                        data.subset(np.arange(60, 90)), experiment, 10)
    at = app.switch_page(PAGE).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "The Train lesson's 64-32-10 tanh network has 64 inputs" in " ".join(i.value for i in at.info)
    assert {m.label: m.value for m in at.metric}["same predicted class"] == "90 / 90"
    assert any("the 90 points of the network's data set (digits)" in m.value for m in [*at.markdown, *at.caption])
    assert any(b.proto.id.endswith("sym.export.original") for b in at.get("download_button"))  # its file imports
    names = twin_unit_names_shown(at)
    assert len(names) == 32 and any("= θ's unit" in name for name in names)



def twin_unit_names_shown(at) -> list[str]:
    """The hover names of the twin's receptive-field tiles, in place order (one per tile)."""
    import json

    spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if "twin_fields" in c.proto.id)
    labels = [name for row in spec["data"][0]["customdata"] for name in row if name]
    return list(dict.fromkeys(labels))


@pytest.mark.parametrize(("hidden", "heading"), [(1, "The same units, in the same order"),
                                                 (6, "The same units, in another order")])
def test_the_fields_heading_and_counts_follow_the_twin_drawn(app, hidden, heading):
    """One hidden unit cannot move: the words say so instead of claiming another order (a degenerate network)."""
    from core.engine.experiment import make_split, start_run
    from core.engine.presets import TrainedNetwork
    from pages.shared.session import TRAINED_NETWORK

    experiment = dataclasses.replace(Experiment(), dataset="digits", hidden=(hidden,), steps=1)
    train, test = make_split(experiment)
    params = start_run(experiment, train, test).advance(1).params  # trained: the lesson starts on it
    app.session_state[TRAINED_NETWORK] = TrainedNetwork(params, "tanh", train, test, experiment, 1)
    at = app.switch_page(PAGE).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert heading in [h.value for h in at.subheader]
    sentence = next(c.value for c in [*at.caption, *at.markdown] if "g·θ's first layer holds" in c.value)
    names = twin_unit_names_shown(at)
    moved = sum(1 for place, name in enumerate(names) if f"= θ's unit {place + 1}" not in name)
    assert f"holds θ's {hidden} units: {moved} of them sit at another place" in sentence
    assert (moved == 0) == (hidden == 1)
