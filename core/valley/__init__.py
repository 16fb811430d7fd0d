""""Two runs, one valley": two networks trained from different seeds, the straight line between them,
and how much of the loss barrier on that line is only a matter of unit order (weight matching).

    spec.py              ValleySpec: the settings of one study (data, widths, activations, seed pairs, training)
    pairs.py             train the pairs of one width with the batched trainer (all pairs in one batch)
    curve.py             the interpolation curve (test loss and accuracy at t in [0, 1]) and its barriers
    pair_comparison.py   one pair before and after aligning θ_B to θ_A
    receptive_fields.py  first-layer weights of θ_A, θ_B and aligned θ_B as 8x8 images, with the permutation
    width_study.py       the barrier against width: every width and activation, mean and interval over pairs
    shipped.py           the precomputed default study (scripts/make_valley_data.py), read back strictly
    live_pair.py         the lesson's live pair: one width, activation and seed, trained and compared
    words.py             every sentence the lesson shows, computed from these numbers (and the papers' claims)

The published claims (Entezari et al., ICLR 2022; Ainsworth et al., ICLR 2023) are quoted in words.py as their
abstracts state them; this package measures our own setting, whatever it shows.
"""
