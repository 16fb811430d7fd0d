"""Networks and their training, shared by every lesson.

    activations   activation registry: numpy and torch forms, and the symmetries each admits
    mlp           Params (immutable float64 weights and biases), count_params, forward, require_params
    init_schemes  initialisation registry (uniform, xavier, he, ...), init_params, SYMMETRIC_SCHEMES
    data          dataset registry (moons, circles, XOR, ...), Dataset, train/test split
    real_data     scikit-learn's real datasets (digits, iris, wine, breast_cancer): standardised, seeded splits
    grids         where to look at a network: a padded box around the data, an evaluation grid
    losses        losses and metrics per task, with a leading model dimension
    minibatch     seeded minibatch sampler
    optimizers    optimiser registry (gd, sgd, adam) and its checks
    budget        the work budget of one request (Work, check), checked before any training
    train         one network at a time: TrainingRun, train (the oracle)
    batched       K networks of one shape at once: train_batch
    experiment    one training experiment as plain, hashable settings
    presets       ready-made trained networks, and TrainedNetwork (a network and where it came from)
    distances     how far apart two networks are, as functions and as parameter vectors
    interop       Params to and from scikit-learn MLPs and torch Sequentials
"""
