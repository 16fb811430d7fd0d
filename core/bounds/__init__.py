"""Lesson "Count functions, not weights": covering-number bounds with and without the symmetries.

    covering          log covering numbers, Lipschitz constants, group orders, PROVENANCE labels
    volume            the effective-volume share 1/∏ d_l!, its Monte Carlo check, Wilson intervals
    generalisation    the generalisation-gap bound against the sample size, and the samples saved
    extensions        group orders of CNNs, ResNets and attention
    orbits            exact orbit counts of a small grid (Burnside)
    orbit_comparison  the exact count beside m^S, m^S/|G| and our upper bound
    short_orbits      when a grid network is fixed by a relabelling (a short orbit), by brute force and by rule
    curves            the bounds against width, and the networks marked on them
    trends            the shape of a curve against width (rises, falls, ...), read from its numbers
    claims            the lesson's trend sentences, each built from the curve on screen
    settings          the lesson's settings, checked once, as one hashable value
    report            everything the lesson shows, in one call
    export            CSV tables of every curve
    work              work estimates of the Monte Carlo check and the exact orbit counts
"""
