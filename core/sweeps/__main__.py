"""``python -m core.sweeps SPEC.toml``: run a research-scale sweep (see core.sweeps.cli)."""

import sys

from core.sweeps.cli import main

sys.exit(main())
