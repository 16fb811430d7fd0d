"""The width experiment, or your own experiment, at research scale: ``python -m core.sweeps SPEC.toml``
(Dask, Parquet, resumable).

    cli       the command line (``__main__`` runs it)
    spec      a spec file (TOML/JSON) read into core.init_regions.width_spec.WidthSpec, and its hash
    chunks    the sweep cut into chunks; training one chunk into rows
    experiment_spec    a user experiment's spec ("module:function" or a built-in, a grid, training settings)
    experiment_chunks  a user experiment's sweep cut into chunks; running one chunk into rows
    barrier_experiment the built-in "barrier" experiment (an example to copy)
    kinds     the width experiment and user experiments, handled alike by runner and store
    runner    run the missing chunks, serially or on Dask
    store     one directory per sweep: provenance and one Parquet file per chunk
    code_version  the hash of the code that writes rows (a resume with other code is refused)
    results   read the rows back as the lesson's curves
"""
