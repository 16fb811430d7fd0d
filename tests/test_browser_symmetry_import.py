"""Real browser: import a 64-32-10 ReLU network written by plain torch as .safetensors into "Same function,
different weights"; the page says why its figures are not drawn, measures a random twin (same outputs, same
classes), offers the downloads, and logs no console error. A screenshot is kept."""

import pytest

from tests.browser import SHOTS, open_lesson, wait_until_drawn

pytestmark = pytest.mark.browser


def _choose(page, combobox: str, option_name: str) -> None:
    option = page.get_by_role("option", name=option_name, exact=True)
    for _ in range(3):  # a rerun that lands while the list opens closes it again: open it once more
        page.get_by_role("combobox", name=combobox).click()
        try:
            option.wait_for(timeout=10_000)
            break
        except Exception:
            wait_until_drawn(page)
    option.click()


def test_a_torch_safetensors_file_with_64_inputs_and_10_outputs_imports(app_url, browser, tmp_path):
    import torch
    from playwright.sync_api import expect
    from safetensors.torch import save_file
    from torch import nn

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
    path = tmp_path / "digits-mlp.safetensors"
    save_file(model.state_dict(), str(path))

    page, console = open_lesson(browser, app_url, "Same function, different weights")
    expect(page.get_by_text("distinct twins (itself included)")).to_be_visible(timeout=90_000)
    wait_until_drawn(page)
    _choose(page, "Activation of a safetensors file", "relu")
    expect(page.get_by_role("combobox", name="Activation of a safetensors file")).to_have_value("relu")
    wait_until_drawn(page)
    page.locator('[data-testid="stSidebar"] input[type="file"]').set_input_files(str(path))
    expect(page.get_by_text("network has 64 inputs")).to_be_visible(timeout=60_000)
    same = page.locator('[data-testid="stMetric"]', has_text="same predicted class").locator(
        '[data-testid="stMetricValue"]')
    expect(same).to_have_text("2,000 / 2,000", timeout=30_000)
    gap = page.locator('[data-testid="stMetric"]', has_text="largest output change").locator(
        '[data-testid="stMetricValue"]').inner_text()
    assert float(gap) < 1e-12, gap
    expect(page.get_by_role("button", name="Download θ (safetensors)")).to_be_visible()
    expect(page.get_by_text("Working on the imported 64-32-10 relu network.")).to_be_visible()
    wait_until_drawn(page)
    page.screenshot(path=str(SHOTS / "symmetries_import_64_32_10.png"), full_page=True)
    assert not page.locator('[data-testid="stException"]').count()

    # back to a preset the figures draw: its Save tab offers the safetensors download beside the JSON ones
    page.get_by_role("button", name="Train preset: moons, 2-8-8-1 tanh").click()
    expect(page.get_by_text("distinct twins (itself included)")).to_be_visible(timeout=90_000)
    wait_until_drawn(page)
    page.get_by_role("tab", name="Save as JSON").click()
    button = page.get_by_role("button", name="Download θ (safetensors)")
    expect(button).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        button.click()
    saved = tmp_path / "back.safetensors"
    download.value.save_as(str(saved))
    from core.exports.safetensors_file import load
    assert load(saved, "tanh").params.widths == (2, 8, 8, 1)
    button.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "symmetries_save_tab.png"))
    assert console.errors == [], "\n".join(console.errors)
    page.close()
