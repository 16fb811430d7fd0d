"""Architecture rules, checked on the source: core never imports streamlit; pages stay thin."""

import ast
import graphlib
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_core_never_imports_streamlit_or_pages():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "core").rglob("*.py")
                 if _imported_modules(p) & {"streamlit", "pages"}]
    assert offenders == []


def test_the_check_itself_catches_a_streamlit_import(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from streamlit import session_state\n")
    assert "streamlit" in _imported_modules(sample)


def test_no_global_seeding_anywhere():
    patterns = ("np.random.seed(", "torch.manual_seed(", "random.seed(")
    sources = list((ROOT / "core").rglob("*.py")) + list((ROOT / "pages").rglob("*.py")) + [ROOT / "app.py"]
    offenders = [str(p.relative_to(ROOT)) for p in sources if any(s in p.read_text() for s in patterns)]
    assert offenders == []


def test_no_unsafe_html_pickle_or_eval_in_app_code():
    sources = list((ROOT / "core").rglob("*.py")) + list((ROOT / "pages").rglob("*.py")) + [ROOT / "app.py"]
    banned = ("unsafe_allow_html=True", "pickle.load", "eval(", "exec(")
    offenders = [f"{p.relative_to(ROOT)}: {b}" for p in sources for b in banned if b in p.read_text()]
    assert offenders == []


def test_app_lists_every_page_file():
    from pages.shared.lessons import LESSONS

    named_in_app = set(re.findall(r'st\.Page\("(pages/[\w/]+\.py)"', (ROOT / "app.py").read_text()))
    assert named_in_app == {"pages/home.py", "pages/theory.py"}, named_in_app  # the non-lesson pages
    listed = {lesson.path for lesson in LESSONS} | named_in_app
    on_disk = {str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py"}
    assert on_disk == listed


# ----------------------------------------------------------------- imports inside core/

CORE = ROOT / "core"
# Modules that train (and so import torch): a figure takes their results, never imports them.
TRAINERS = {"core.engine.train", "core.engine.batched", "core.engine.presets", "core.init_regions.map",
            "core.init_regions.zero_init", "core.init_regions.width_experiment", "core.sweeps.chunks",
            "core.sweeps.runner"}


def _module_name(path: Path, base: Path = ROOT) -> str:
    parts = path.relative_to(base).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")


def _import_nodes(tree: ast.Module, *, at_import_time: bool) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that runs: all of them, or (``at_import_time``) only those that run when
    the module is imported, not inside functions. Imports under ``if TYPE_CHECKING:`` never run."""
    found, todo = [], list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif _is_type_checking(node):
            continue
        elif at_import_time and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        else:
            todo += list(ast.iter_child_nodes(node))
    return found


def _imports_of(path: Path, modules: set[str], *, at_import_time: bool) -> set[str]:
    """Names imported by one file: core modules resolved exactly (``from core.x import y`` is core.x.y
    when that is a module), anything else by its top-level package (``torch``)."""
    names = set()
    for node in _import_nodes(ast.parse(path.read_text(), filename=str(path)), at_import_time=at_import_time):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names if f"{node.module}.{alias.name}" in modules)
    return {name if name.split(".")[0] == "core" else name.split(".")[0] for name in names}


def _graph(root: Path, *, at_import_time: bool) -> dict[str, set[str]]:
    """Each module under ``root`` (a folder named core) and what it imports."""
    files = {_module_name(p, root.parent): p for p in root.rglob("*.py")}
    return {name: _imports_of(path, set(files), at_import_time=at_import_time) for name, path in files.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle among the graph's own modules, or None."""
    inside = {name: {m for m in targets if m in graph and m != name} for name, targets in graph.items()}
    try:
        tuple(graphlib.TopologicalSorter(inside).static_order())
    except graphlib.CycleError as error:
        return list(error.args[1])
    return None


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """Everything importing ``start`` loads: its imports, theirs, and each module's parent packages."""
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        parents = [".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)]
        todo += [m for m in list(graph.get(name, ())) + parents if m not in seen]
    return seen - {start}


def test_no_import_cycle_inside_core_even_through_function_level_imports():
    cycle = _cycle(_graph(CORE, at_import_time=False))
    assert cycle is None, f"import cycle: {' -> '.join(cycle)}"


def test_figures_never_import_a_trainer_or_torch():
    """A figure's own imports (also inside its functions) and everything they load must stay light."""
    at_import = _graph(CORE, at_import_time=True)
    everywhere = _graph(CORE, at_import_time=False)
    offenders = {}
    for figure in sorted(name for name in everywhere if name.startswith("core.figures.")):
        loaded = set(everywhere[figure])
        for name in everywhere[figure]:
            loaded |= _reachable(at_import, name)
        heavy = loaded & (TRAINERS | {"torch"})
        if heavy:
            offenders[figure] = sorted(heavy)
    assert offenders == {}


def _package(module: str) -> str:
    """core.engine.mlp -> engine; a top-level module (a foundation) -> itself, e.g. core.limits -> limits."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "core"


def _package_problems(root: Path) -> tuple[dict[str, list[str]], list[str] | None]:
    """(foundation -> the packages it imports, one cycle among packages or None), over all imports
    that run (function-level ones included; type-only ones not). Cycle-freedom is what is enforced;
    which way each package points is described in core/__init__.py."""
    graph = _graph(root, at_import_time=False)
    packages = {_package(name) for name in graph if (root / _package(name)).is_dir()}
    between: dict[str, set[str]] = {}
    for name, targets in graph.items():
        for target in targets:
            if target in graph and _package(target) != _package(name):
                between.setdefault(_package(name), set()).add(_package(target))
    foundations = {name for name in between if name not in packages}
    leaks = {name: sorted(between[name] & packages) for name in foundations if between[name] & packages}
    return leaks, _cycle({name: between.get(name, set()) for name in packages})


def test_packages_depend_on_each_other_without_a_cycle_and_foundations_on_no_package():
    leaks, cycle = _package_problems(CORE)
    assert leaks == {}, "top-level (foundation) modules must not import a package"
    assert cycle is None, f"package cycle: {' -> '.join(cycle)}"


def test_the_package_check_itself_catches_a_leaking_foundation_and_a_package_cycle(tmp_path):
    core = tmp_path / "core"
    for package in ("p", "q"):
        (core / package).mkdir(parents=True)
        (core / package / "__init__.py").write_text("")
    (core / "__init__.py").write_text("")
    (core / "base.py").write_text("def f():\n    from core.p.x import g\n")     # a foundation importing a package
    (core / "p" / "x.py").write_text("from core.q.y import h\n")
    (core / "q" / "y.py").write_text("def k():\n    from core.p.z import m\n")  # q -> p, through a function
    (core / "p" / "z.py").write_text("")
    leaks, cycle = _package_problems(core)
    assert leaks == {"base": ["p"]}
    assert set(cycle) == {"p", "q"}


def test_importing_every_figure_leaves_torch_unloaded():
    """The same rule, run: a fresh interpreter imports every figure module and torch stays out."""
    code = ("import importlib, pkgutil, sys, core.figures as f\n"
            "[importlib.import_module('core.figures.' + m.name) for m in pkgutil.iter_modules(f.__path__)]\n"
            f"print(sorted(m for m in sys.modules if m == 'torch' or m in {sorted(TRAINERS)!r}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_import_checks_themselves_catch_a_cycle_and_a_heavy_figure(tmp_path):
    package = tmp_path / "core"
    (package / "figures").mkdir(parents=True)
    (package / "a.py").write_text("def f():\n    from core.b import g\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from core.d import h\n")
    (package / "d.py").write_text("from core.c import i\n")
    (package / "b.py").write_text("from core.a import f\nimport torch\n")
    (package / "figures" / "x.py").write_text("from typing import TYPE_CHECKING\nfrom core import b\n"
                                              "if TYPE_CHECKING:\n    from core import a\n")
    files = {p: ".".join(p.relative_to(tmp_path).with_suffix("").parts) for p in package.rglob("*.py")}
    everywhere = {name: _imports_of(p, set(files.values()), at_import_time=False) for p, name in files.items()}
    at_import = {name: _imports_of(p, set(files.values()), at_import_time=True) for p, name in files.items()}
    assert set(_cycle(everywhere)) == {"core.a", "core.b"}  # not core.c <-> core.d: type-only
    assert _cycle(at_import) is None  # the cycle runs only through a function-level import
    assert {"core.b", "torch"} <= _reachable(at_import, "core.figures.x")
    assert "core.a" in _reachable(at_import, "core.figures.x")  # through core.b, not the TYPE_CHECKING import
    assert "core.a" not in at_import["core.figures.x"]
