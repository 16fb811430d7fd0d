"""Shared fixtures: explicit random generators and small datasets (shrunk configs keep tests fast)."""

import numpy as np
import pytest

from core import rng
from core.engine import data


@pytest.fixture
def make_rng():
    """Fresh, independent generators: make_rng(0), make_rng(1), ..."""
    return lambda seed=0: np.random.default_rng(seed)


@pytest.fixture
def moons():
    full = data.make_dataset("moons", 120, 0.2, rng=rng.stream(0, "data"))
    return data.train_test_split(full, 0.25, rng=rng.stream(0, "split"))


@pytest.fixture
def sine():
    full = data.make_dataset("sine", 80, 0.1, rng=rng.stream(0, "data"))
    return data.train_test_split(full, 0.25, rng=rng.stream(0, "split"))


@pytest.fixture(scope="session")
def app_url():
    """One real Streamlit server shared by every browser test of the session."""
    from tests.streamlit_server import running_app

    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium shared by the browser tests."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
