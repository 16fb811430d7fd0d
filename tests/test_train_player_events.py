"""The Train page's answers to its player (pages/shared/train/live.py), driven as the browser does:
requests are bounded whatever they ask, a settle moves the session's run to exactly the step shown,
and a run in progress is published at the step the player shows (issue 20, point 4 and D7)."""

import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from core.engine.experiment import Experiment, make_split, start_run
from core.engine.trajectory import decode_frames
from pages.shared.session import TRAINED_NETWORK
from pages.shared.train import live
from tests.train_player import send

ROOT = Path(__file__).resolve().parents[1]


def _train_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/train.py").run()
    assert not at.exception
    return at


def _player_data(at) -> dict:
    return json.loads(at.get("bidi_component")[0].proto.json)


def test_a_hostile_request_is_clamped_and_a_stale_one_ignored():
    at = _train_page()
    send(at, "request", have=10**9, target=10**12, showing=-7, playing="yes")
    assert not at.exception and not at.error
    assert at.session_state[live.TARGET] <= 2 * 500  # at most one more run of the Steps slider
    assert len(at.session_state[live.TRAJECTORY].frames) <= live.MAX_FRAMES
    assert at.session_state[live.RUN].step == 0  # "yes" is not a playing player: nothing moved
    before = at.session_state[live.TRAJECTORY_ID]
    send(at, "settle", trajectory=before - 1, step=2)
    at.slider(key="train.steps").set_value(1000).run()  # a Step of 20 steps: a frame every 2
    assert at.session_state[live.TRAJECTORY].stride == 2
    send(at, "settle", step=3)  # no frame at 3
    send(at, "request", have="x", target=None)
    assert not at.exception and at.session_state[live.RUN].step == 0


def test_a_settle_moves_the_run_the_link_and_the_published_network_to_that_step():
    at = _train_page()
    send(at, "settle", step=20)  # frames 0..30 are computed with the page (live.PRELOAD_FRAMES)
    run = at.session_state[live.RUN]
    experiment = Experiment()
    oracle = start_run(experiment, *make_split(experiment)).advance(20)
    assert run.step == 20 and np.array_equal(run.params.flatten(), oracle.params.flatten())
    assert dict(at.query_params)["step"] in ("20", ["20"])
    assert at.session_state[TRAINED_NETWORK].step == 20
    assert any(m.label == "Train loss" and m.value == f"{oracle.history.train_loss[-1]:.4f}" for m in at.metric)


def _oracle_at(step: int):
    experiment = Experiment()
    return start_run(experiment, *make_split(experiment)).advance(step)


def test_a_playing_request_publishes_the_step_shown_not_the_frames_sent_ahead():
    """Issue 20 D7: the published run is the step on the player's screen, however far ahead frames were sent."""
    at = _train_page()
    send(at, "request", have=31, target=500, showing=20, playing=True)
    data = _player_data(at)
    rows = decode_frames(data["chunk"]["frames"], data["recordLength"])
    assert data["chunk"]["first"] == 31 and int(rows[-1, 0]) > 20  # frames ahead of the screen were sent
    network = at.session_state[TRAINED_NETWORK]
    assert at.session_state[live.RUN].step == network.step == 20
    assert np.array_equal(network.params.flatten(), _oracle_at(20).params.flatten())


def test_a_shown_report_publishes_that_step_and_sends_no_frames():
    """The player's once-a-second "shown" report (and its last one when the person leaves the page) moves the
    published run to the step on screen; its rerun sends no frames, so it stays cheap while playing."""
    at = _train_page()
    send(at, "request", have=31, target=500, showing=5, playing=True)
    for shown in (12, 27):
        send(at, "shown", step=shown)
        network = at.session_state[TRAINED_NETWORK]
        assert at.session_state[live.RUN].step == network.step == shown
        assert np.array_equal(network.params.flatten(), _oracle_at(shown).params.flatten())
        chunk = _player_data(at)["chunk"]
        assert chunk["count"] == 0 and chunk["frames"] == "" and chunk["reportOnly"] is True
    send(at, "shown", step=10**9)  # clamped to the last frame computed then (the worker computes on meanwhile)
    clamped = at.session_state[TRAINED_NETWORK].step
    assert clamped > 27 and at.session_state[live.TRAJECTORY].index_of(clamped) >= 0
    send(at, "shown", step="x")
    send(at, "shown", trajectory=-1, step=3)  # about frames the player has dropped: ignored
    assert not at.exception and at.session_state[TRAINED_NETWORK].step != 3


def test_a_request_lost_in_a_cut_short_rerun_reaches_the_player_with_its_next_report():
    """Issue 14 profile: a "shown" report sent while a request's rerun ran cut that rerun short, its frames never
    left, and the player waited 5 s for them (drawn frames per second fell to 1). Now every event has a number
    the page echoes, and a report saying how many frames the player holds brings the frames ready past them."""
    at = _train_page()
    send(at, "request", have=31, target=500, showing=5, playing=True, seq=7)
    assert _player_data(at)["answered"] == 7
    # the request's answer was lost; the player's next event is a report: it holds 31 frames still
    send(at, "shown", step=12, have=31, seq=8)
    data = _player_data(at)
    chunk = data["chunk"]
    assert data["answered"] == 8 and chunk["first"] == 31 and chunk["count"] > 0 and not chunk.get("reportOnly")
    rows = decode_frames(chunk["frames"], data["recordLength"])
    frames = at.session_state[live.TRAJECTORY].frames
    assert [int(step) for step in rows[:, 0]] == [frames[31 + i].step for i in range(len(rows))]
    assert at.session_state[TRAINED_NETWORK].step == 12  # and it still publishes the step on screen
    send(at, "shown", step=13, have=10**9, seq=-3)  # hostile: clamped, and no number goes backwards
    assert not at.exception and _player_data(at)["answered"] == 8
