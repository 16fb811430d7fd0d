"""A run that arrives trained (a link's step=, a scene, a scene phrase) comes with its frames: the player can
scrub back through the steps the link trained, not only show the last one (issue 20 walk, defect 1: "step 500
of 500" with a scrubber from 0 to 0)."""

import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from core.engine.trajectory import decode_frames
from pages.shared.train import live
from tests.train_player import send

ROOT = Path(__file__).resolve().parents[1]


def _open(query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.switch_page("pages/train.py")
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _received_steps(at) -> list[int]:
    """Every frame the player is sent, asked for as the player does until the shown step is among them."""
    steps: list[int] = []
    for _ in range(20):
        data = json.loads(at.get("bidi_component")[0].proto.json)
        rows = decode_frames(data["chunk"]["frames"], data["recordLength"]) if data["chunk"]["count"] else []
        assert data["chunk"]["first"] == len(steps)
        steps += [int(row[0]) for row in rows]
        if data["shown"] in steps:
            return steps
        send(at, "request", have=len(steps), target=data["target"], showing=0, playing=False)
    raise AssertionError(f"the shown step never arrived: frames up to {steps[-1:]}")


def test_a_scene_step_arrives_with_the_frames_to_scrub_back_through():
    at = _open({"scene": "two-runs-two-weights"})
    assert not at.exception
    run, frames = at.session_state[live.RUN], at.session_state[live.TRAJECTORY]
    assert run.step == 500 and frames.start_step == 0
    # The frame at the replayed step holds the replayed run's weights: the frames are that run's steps.
    assert np.array_equal(frames.frames[frames.index_of(500)].weights, run.params.flatten())
    steps = _received_steps(at)
    assert steps[:501] == list(range(501))  # a frame per step (stride 1 for 500 steps), 0 to 500
    at.button(key="scene.phrase.two-runs-two-weights.init seed 1").click().run()
    assert at.session_state[live.RUN].step == 500
    assert _received_steps(at)[:501] == list(range(501))


def test_a_linked_step_off_the_frame_grid_still_gets_a_frame_of_its_own():
    at = _open({"steps": "1000", "step": "15"})  # frames every 2 steps; the preload must stop at step 15
    frames = at.session_state[live.TRAJECTORY]
    assert at.session_state[live.RUN].step == 15 and frames.start_step == 0
    assert [frame.step for frame in frames.frames[:10]] == [0, 2, 4, 6, 8, 10, 12, 14, 15, 17]
    assert np.array_equal(frames.frames[frames.index_of(15)].weights, at.session_state[live.RUN].params.flatten())
