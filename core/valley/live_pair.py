"""The live pair of the lesson: two networks trained on digits from one seed pair, compared before and after
weight matching. Composes core.valley's steps (train, align and score, receptive fields); no streamlit here.

The pair is pair 0 of a one-pair study whose init seed is the page's seed, with the shipped study's other
settings (core.valley.shipped.DEFAULT_SPEC): so at seed 0 it starts exactly where the shipped study's pair 0
of the same width and activation starts (core.valley.spec.pair_seeds does not depend on the number of pairs).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from core import limits
from core.links.valley import LIVE_ACTIVATIONS, LIVE_WIDTHS
from core.validation import check_choice, check_int
from core.valley.pair_comparison import PairComparison, compare_pair
from core.valley.pairs import TrainedPairs, train_pairs
from core.valley.receptive_fields import ReceptiveFields, receptive_fields
from core.valley.shipped import DEFAULT_SPEC
from core.valley.spec import ValleySpec
from core.valley.width_study import load_data


@dataclass(frozen=True, eq=False)
class LivePair:
    """One trained pair, its comparison before/after matching on the test set, and its receptive fields."""

    spec: ValleySpec
    trained: TrainedPairs
    comparison: PairComparison
    fields: ReceptiveFields


def live_spec(seed: int) -> ValleySpec:
    """The shipped study's settings with one pair and init seed ``seed`` (checked: ValueError names it)."""
    check_int(seed, "seed", limits.SEED)
    # one pair, so core's pairs >= 2 rule (an interval needs two) is not asked of it: no interval is drawn here
    return dataclasses.replace(DEFAULT_SPEC, pairs=1, init_seed=seed)


def train_live_pair(width: int, activation: str, seed: int) -> LivePair:
    """Train networks A and B of the seed pair at ``width`` hidden units, match B to A, score both lines."""
    check_int(width, "width", (min(LIVE_WIDTHS), max(LIVE_WIDTHS)))
    if width not in LIVE_WIDTHS:  # the widths whose training time was measured (bench/valley_live.py)
        raise ValueError(f"width {width}: must be one of {', '.join(map(str, LIVE_WIDTHS))}")
    check_choice(activation, "activation", LIVE_ACTIVATIONS)
    spec = live_spec(seed)
    train, test = load_data(spec)
    trained = train_pairs(spec, train, test, width=width, activation=activation)
    comparison = compare_pair(trained.a[0], trained.b[0], test, activation, n_points=spec.n_points)
    return LivePair(spec, trained, comparison, receptive_fields(trained.a[0], trained.b[0], comparison.alignment))
