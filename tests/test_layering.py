"""Architecture rules, checked on the source: core never imports streamlit; pages stay thin."""

import ast
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

    listed = {lesson.path for lesson in LESSONS} | {"pages/home.py"}
    on_disk = {str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py"}
    assert on_disk == listed
