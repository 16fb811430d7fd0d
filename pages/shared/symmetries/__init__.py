"""The symmetry lesson's UI: which network (source), moves, proof, twins, orbit, alignment, files, labels."""
