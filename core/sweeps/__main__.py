"""``python -m core.sweeps SPEC.toml``: run a research-scale sweep (see core.sweeps.cli)."""

from __future__ import annotations

import sys

from core.sweeps.cli import main

sys.exit(main())
