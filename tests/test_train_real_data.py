"""The Train lesson on scikit-learn's real tables (issue 15): an Experiment on digits is the table's seeded split
with one logit per class, its work is counted on the whole table, it travels in network JSON and links, and the
page trains it with class figures instead of the plane's (no traceback, Noise and Samples switched off)."""

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import rng
from core.engine import budget
from core.engine.experiment import Experiment, make_split, start_run
from core.engine.real_data import load_split
from core.exports.network_json import decode, encode
from core.links.train import FIELDS
from core.links.url_state import decode_query
from pages.shared.session import TRAINED_NETWORK

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("name", "widths"), [("digits", (64, 32, 10)), ("iris", (4, 32, 3)),
                                              ("wine", (13, 32, 3)), ("breast_cancer", (30, 32, 1))])
def test_a_real_experiment_is_the_tables_split_with_one_logit_per_class(name, widths):
    experiment = Experiment(dataset=name, hidden=(32,), data_seed=4, test_fraction=0.25, n_samples=20, noise=0.9)
    train, test = make_split(experiment)
    oracle_train, oracle_test = load_split(name, 0.25, rng=rng.stream(4, "split"))
    assert np.array_equal(train.X, oracle_train.X) and np.array_equal(test.y, oracle_test.y)
    assert start_run(experiment, train, test).params.widths == widths
    work = budget.experiment_work(experiment, steps=10)
    n_params = sum(a * b + b for a, b in zip(widths, widths[1:]))
    assert work.amount == 10 * (train.n_samples + test.n_samples) * n_params  # the table, not n_samples=20


def test_a_digits_network_file_keeps_its_experiment():
    experiment = Experiment(dataset="digits", hidden=(32,), steps=5)
    train, test = make_split(experiment)
    run = start_run(experiment, train, test).advance(5)
    back = decode(encode(run.params, run.activation, experiment=experiment))
    assert back.experiment == experiment and np.array_equal(back.params.flatten(), run.params.flatten())


def test_a_network_file_whose_settings_build_another_network_is_refused():
    from core.engine.init_schemes import init_params

    params = init_params((2, 8, 1), rng=np.random.default_rng(0))
    text = encode(params, "tanh", experiment=Experiment(hidden=(8,)))  # moons: 2 inputs, 1 output, as the file
    with pytest.raises(ValueError, match=r"experiment.dataset 'iris' gives networks 4 input\(s\) and 3 output\(s\): "
                                         r"must match the file's network, 2 input\(s\) and 1 output\(s\)"):
        decode(text.replace('"dataset": "moons"', '"dataset": "iris"'))


def test_a_link_names_a_real_table():
    decoded = decode_query(FIELDS, {"data": "wine", "layers": "1", "w1": "16"})
    assert decoded.values["data"] == "wine" and decoded.warnings == ()


def _train_page(query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/train.py")
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize(("name", "rows"), [("iris", "105 training and 45 test rows, 4 features"),
                                           ("wine", "125 training and 53 test rows, 13 features"),
                                           ("breast_cancer", "398 training and 171 test rows, 30 features")])
def test_the_train_page_trains_every_real_table(name, rows):
    at = _train_page({"data": name, "layers": "1", "w1": "8", "steps": "50", "step": "50"})
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert rows in " ".join(c.value for c in at.sidebar.caption)
    assert len(at.get("plotly_chart")) == 3  # confusion matrix, class probabilities, curves (no pictures)
    accuracy = at.session_state["train.run"].history.test_accuracy[-1]
    assert any("predicted right" in c.value and f"{accuracy:.1%}" in c.value for c in at.caption)


def test_the_train_page_trains_digits_and_shows_class_figures():
    at = _train_page({"data": "digits", "layers": "1", "w1": "32", "steps": "50", "step": "50"})
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.session_state["train.run"].step == 50  # the link's step was replayed
    assert at.session_state["train.run"].params.widths == (64, 32, 10)
    disabled = {s.label: s.disabled for s in at.sidebar.slider}
    assert disabled["Noise"] and disabled["Samples"] and not disabled["Test share"]
    captions = " ".join(c.value for c in [*at.caption, *at.sidebar.caption])
    assert "1,258 training and 539 test rows, 64 features" in captions
    assert at.session_state[TRAINED_NETWORK].step == 50  # handed on to the other lessons at the step shown
    accuracy = at.session_state["train.run"].history.test_accuracy[-1]
    assert f"On the 539 test points: {accuracy:.1%} predicted right." in captions
    assert len(at.get("plotly_chart")) == 4  # confusion matrix, class probabilities, curves, receptive fields
