"""The engine's public surface explains itself: every public function and method in core/ has a
docstring, and every one of its parameters and its return value carries a type.

Public means: a module-level function or a method of a module-level class, whose name (and whose
class's name) does not start with "_", in a module that does not either. Dunder methods other
than __init__ are exempt (their meaning is Python's); so are `self` and `cls`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[1] / "core"


def _public_functions(path: Path):
    """(qualified name, node) of every public function and method of one source file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
            yield node.name, node
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_public_method(item.name):
                    yield f"{node.name}.{item.name}", item


def _is_public_method(name: str) -> bool:
    return name == "__init__" or not name.startswith("_")


def _untyped(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    args = node.args
    every = args.posonlyargs + args.args + args.kwonlyargs
    missing = [a.arg for a in every if a.annotation is None and a.arg not in ("self", "cls")]
    missing += [f"*{a.arg}" for a in (args.vararg, args.kwarg) if a is not None and a.annotation is None]
    if node.returns is None and node.name != "__init__":
        missing.append("return")
    return missing


def _modules() -> list[Path]:
    return sorted(p for p in CORE.rglob("*.py")
                  if not any(part.startswith("_") and part != "__init__.py" for part in p.relative_to(CORE).parts))


def _where(path: Path, name: str) -> str:
    return f"{path.relative_to(CORE.parent)}::{name}"


def test_every_public_core_function_has_a_docstring():
    missing = [_where(p, name) for p in _modules() for name, node in _public_functions(p)
               if not (node.name == "__init__" or ast.get_docstring(node))]
    assert missing == [], f"{len(missing)} public functions without a docstring"


def test_every_public_core_function_is_typed():
    untyped = [f"{_where(p, name)} ({', '.join(_untyped(node))})" for p in _modules()
               for name, node in _public_functions(p) if _untyped(node)]
    assert untyped == [], f"{len(untyped)} public functions with untyped parameters or return"


@pytest.mark.parametrize("source, problem", [
    ("def f(x):\n    return x\n", "docstring"),
    ("def f(x) -> int:\n    '''Doc.'''\n", "x"),
    ("def f(x: int):\n    '''Doc.'''\n", "return"),
    ("class A:\n    def m(self, *rest):\n        '''Doc.'''\n", "*rest"),
])
def test_the_checks_themselves_catch_what_they_look_for(tmp_path, source, problem):
    sample = tmp_path / "sample.py"
    sample.write_text(source)
    (name, node), = _public_functions(sample)
    found = [] if ast.get_docstring(node) else ["docstring"]
    assert problem in found + _untyped(node)
