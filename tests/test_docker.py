"""The Dockerfile is linted with hadolint (no Docker engine runs here to build it)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _hadolint() -> str:
    local = Path(sys.executable).parent / "hadolint"
    return str(local) if local.exists() else shutil.which("hadolint")


def test_dockerfile_is_hadolint_clean():
    result = subprocess.run([_hadolint(), "--no-color", "Dockerfile"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_keeps_the_essentials():
    text = (ROOT / "Dockerfile").read_text()
    for needle in ("FROM python:3.11-slim", "download.pytorch.org/whl/cpu torch==2.13.0", "EXPOSE 8501",
                   "HEALTHCHECK", "/_stcore/health", "USER 10001:10001"):
        assert needle in text
    assert ".venv" in (ROOT / ".dockerignore").read_text()


def test_requirements_pin_torch_and_setup_asks_for_the_cpu_build():
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    assert "torch==2.13.0" in lines
    setup = (ROOT / "scripts" / "setup_env.sh").read_text()
    assert 'TORCH_CPU_INDEX="https://download.pytorch.org/whl/cpu"' in setup
    assert '--extra-index-url "$TORCH_CPU_INDEX"' in setup


def test_installed_torch_is_the_cpu_build():
    import torch

    assert torch.version.cuda is None, f"torch {torch.__version__} is a CUDA build"


def test_every_requirement_is_pinned():
    for name in ("requirements.txt", "requirements-test.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line:
                assert "==" in line, f"{name}: {line!r} is not pinned to one version"


def test_healthcheck_probes_streamlits_health_endpoint():
    lines = (ROOT / "Dockerfile").read_text().replace("\\\n", " ").splitlines()
    healthcheck = [line for line in lines if line.startswith("HEALTHCHECK")]
    assert len(healthcheck) == 1 and "CMD" in healthcheck[0]
    assert "http://127.0.0.1:8501/_stcore/health" in healthcheck[0]
