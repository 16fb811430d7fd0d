"""Move networks between Params and real libraries: scikit-learn MLPs and torch Sequentials.

Params holds the network up to its output *pre-activation*: sklearn's output function (logistic
or softmax for classifiers) and any final torch activation are not part of it. So f_θ are the
logits; ``predict_proba`` is the output function of them.

sklearn stores coefs_[i] with shape (d_in, d_out), the transpose of our W_i (d_out, d_in).
sklearn itself is never imported here: the template model supplies everything we need.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import torch
from torch import nn

from core.engine.activations import LEAKY_SLOPE, get_activation
from core.engine.mlp import Params, require_params

if TYPE_CHECKING:
    from sklearn.neural_network import MLPClassifier, MLPRegressor

SKLEARN_ACTIVATIONS = {"tanh": "tanh", "relu": "relu", "logistic": "sigmoid", "identity": "identity"}


class ImportedNet(NamedTuple):
    params: Params
    activation: str  # a core.engine.activations name


class Sin(nn.Module):
    """sin as a torch module (torch has none), so sine networks can be exported too."""

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        """sin(z) elementwise: same shape and dtype as ``z``."""
        return torch.sin(z)


# ---------------------------------------------------------------- scikit-learn

def _fitted_mlp(model, name: str):
    if not all(hasattr(model, attr) for attr in ("coefs_", "intercepts_", "activation")):
        raise ValueError(
            f"{name} {type(model).__name__}: must be a fitted scikit-learn MLPClassifier or MLPRegressor "
            "(call .fit first)"
        )
    if model.activation not in SKLEARN_ACTIVATIONS:
        raise ValueError(f"{name}.activation {model.activation!r}: must be one of {', '.join(SKLEARN_ACTIVATIONS)}")
    return model


def from_sklearn(model: MLPClassifier | MLPRegressor) -> ImportedNet:
    """(Params, activation) of a fitted MLPClassifier/MLPRegressor; copies, never views."""
    model = _fitted_mlp(model, "model")
    weights = tuple(np.asarray(c, dtype=np.float64).T for c in model.coefs_)
    biases = tuple(np.asarray(b, dtype=np.float64) for b in model.intercepts_)
    return ImportedNet(Params(weights, biases), SKLEARN_ACTIVATIONS[model.activation])


def to_sklearn(params: Params, template: MLPClassifier | MLPRegressor) -> MLPClassifier | MLPRegressor:
    """A deep copy of the fitted ``template`` carrying ``params`` (same widths required).

    Weights are stored in the template's dtype, so a float64 round trip is bit for bit.
    """
    params, template = require_params(params), _fitted_mlp(template, "template")
    template_widths = (template.coefs_[0].shape[0],) + tuple(c.shape[1] for c in template.coefs_)
    if params.widths != template_widths:
        raise ValueError(f"params has widths {params.widths}: must equal the template's widths {template_widths}")
    model = copy.deepcopy(template)
    dtype = template.coefs_[0].dtype
    model.coefs_ = [np.array(w.T, dtype=dtype, order="C") for w in params.weights]  # writable copies
    model.intercepts_ = [np.array(b, dtype=dtype) for b in params.biases]
    return model


# ---------------------------------------------------------------- torch

TORCH_ACTIVATIONS = {nn.Tanh: "tanh", nn.ReLU: "relu", nn.LeakyReLU: "leaky_relu", nn.Sigmoid: "sigmoid",
                     nn.GELU: "gelu", Sin: "sin", nn.Identity: "identity"}


def _activation_name(module: nn.Module, position: int) -> str:
    name = TORCH_ACTIVATIONS.get(type(module))
    if name is None:
        allowed = ", ".join(cls.__name__ for cls in TORCH_ACTIVATIONS)
        raise ValueError(f"layer {position} is {type(module).__name__}: between Linear layers must be one of {allowed}")
    if name == "leaky_relu" and module.negative_slope != LEAKY_SLOPE:
        raise ValueError(
            f"layer {position} LeakyReLU has negative_slope {module.negative_slope}: must be {LEAKY_SLOPE}"
        )
    if name == "gelu" and module.approximate != "none":
        raise ValueError(
            f"layer {position} GELU has approximate={module.approximate!r}: must be 'none' (exact erf GELU)"
        )
    return name


def from_torch(module: nn.Sequential) -> ImportedNet:
    """(Params, activation) of Sequential(Linear, act, Linear, act, ..., Linear), read in float64.

    Every hidden activation must be the same kind; nothing may follow the last Linear.
    """
    if not isinstance(module, nn.Sequential):
        raise TypeError(f"module {type(module).__name__}: must be torch.nn.Sequential")
    layers = list(module)
    if len(layers) % 2 == 0:
        raise ValueError(f"module has {len(layers)} layers: must alternate Linear, activation, ..., Linear")
    weights, biases, names = [], [], set()
    for position, layer in enumerate(layers):
        if position % 2 == 1:
            names.add(_activation_name(layer, position))
            continue
        if not isinstance(layer, nn.Linear):
            raise ValueError(
                f"layer {position} is {type(layer).__name__}: must be Linear (Linear and activations alternate)"
            )
        weights.append(layer.weight.detach().to("cpu", torch.float64).numpy())
        bias = layer.bias
        biases.append(np.zeros(layer.out_features) if bias is None else bias.detach().to("cpu", torch.float64).numpy())
    if len(names) > 1:
        raise ValueError(f"module mixes activations {sorted(names)}: all hidden layers must use one")
    activation = names.pop() if names else "identity"  # a single Linear has no hidden layer
    return ImportedNet(Params(tuple(weights), tuple(biases)), activation)


def _torch_activation(name: str) -> nn.Module:
    factories: dict[str, Callable[[], nn.Module]] = {
        "tanh": nn.Tanh, "relu": nn.ReLU, "leaky_relu": lambda: nn.LeakyReLU(LEAKY_SLOPE),
        "sigmoid": nn.Sigmoid, "gelu": nn.GELU, "sin": Sin, "identity": nn.Identity}
    return factories[name]()


def to_torch(params: Params, activation: str, *, dtype: torch.dtype = torch.float64) -> nn.Sequential:
    """Sequential(Linear, act, ..., Linear) holding ``params`` (float64 by default: bit for bit)."""
    params, name = require_params(params), get_activation(activation).name
    layers: list[nn.Module] = []
    for i, (w, b) in enumerate(zip(params.weights, params.biases)):
        # skip_init: no throw-away random init, so torch's global RNG is never touched.
        linear = torch.nn.utils.skip_init(nn.Linear, w.shape[1], w.shape[0], dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(w.copy()))
            linear.bias.copy_(torch.from_numpy(b.copy()))
        layers.append(linear)
        if i < len(params.weights) - 1:
            layers.append(_torch_activation(name))
    return nn.Sequential(*layers)
