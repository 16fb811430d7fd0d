"""Where the batched trainer runs: the ``device`` option of train_batch, the map, the width experiment and the sweeps.

"cpu" is the default everywhere and gives today's results bit for bit. "cuda" runs on the GPU torch
sees (on a machine with several, the one CUDA_VISIBLE_DEVICES names first: one process per GPU);
"auto" is "cuda" when torch sees a GPU, else "cpu". A GPU run equals a CPU run only up to
rounding, not bit for bit (tests/test_device.py checks its bounds where a GPU exists).
"""

from __future__ import annotations

import torch

from core.validation import check_choice, shown

DEVICES = ("cpu", "cuda", "auto")


def gpu_available() -> bool:
    """Whether torch sees a CUDA GPU in this process."""
    return torch.cuda.is_available()


def resolve_device(device: str) -> torch.device:
    """The torch device that ``device`` ("cpu", "cuda" or "auto") names here; a clear error for anything else.

    "cuda" on a machine without a GPU is refused before any work, naming what to pass instead.
    """
    check_choice(device, "device", DEVICES)
    if device == "cpu" or (device == "auto" and not gpu_available()):
        return torch.device("cpu")
    if not gpu_available():
        raise ValueError(f"device {shown(device)}: torch sees no CUDA GPU on this machine "
                         "(torch.cuda.is_available() is False); use device 'cpu' or 'auto'")
    return torch.device("cuda")


def device_words(device: torch.device) -> str:
    """The device in words for a caption or a table: "CPU", or "GPU (<its name>)"."""
    if device.type == "cpu":
        return "CPU"
    return f"GPU ({torch.cuda.get_device_name(device)})"
