"""Nothing a user types reaches raw HTML, and no code runs from data.

* ``unsafe_allow_html=True`` and ``st.html`` may only be given a module-level constant string
  (a literal, or a name assigned once at module level from literals): no f-string, .format, %,
  concatenation with a variable, or anything built from input.
* No pickle, eval, exec, or torch.load without ``weights_only=True`` anywhere in the app.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([*(ROOT / "core").rglob("*.py"), *(ROOT / "pages").rglob("*.py"), ROOT / "app.py"])


def _is_literal(node) -> bool:
    """A string literal, or literals joined with + (implicit concatenation parses as one Constant)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and _is_literal(node.left) and _is_literal(node.right)


def _module_constants(tree) -> set[str]:
    """Names assigned exactly once, at module level, to a literal string."""
    counts, literal = {}, set()
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AnnAssign, ast.AugAssign)) else []
        for target in targets:
            if isinstance(target, ast.Name):
                counts[target.id] = counts.get(target.id, 0) + 1
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if _is_literal(node.value):
                literal.add(node.targets[0].id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            if _is_literal(node.value):
                literal.add(node.target.id)
    return {name for name in literal if counts.get(name) == 1}


def _html_calls(tree):
    """(call, what) for every call that renders raw HTML: unsafe_allow_html=<not False> or st.html."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg == "unsafe_allow_html" and not (isinstance(keyword.value, ast.Constant)
                                                            and keyword.value.value is False):
                yield node, "unsafe_allow_html"
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "html" and isinstance(func.value, ast.Name) \
                and func.value.id in ("st", "streamlit"):
            yield node, "st.html"


def html_offences(source: str, filename: str = "<source>") -> list[str]:
    tree = ast.parse(source, filename=filename)
    constants = _module_constants(tree)
    offences = []
    for call, what in _html_calls(tree):
        body = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg in ("body", "html")), None)
        safe = body is not None and (_is_literal(body) or (isinstance(body, ast.Name) and body.id in constants))
        if not safe:
            offences.append(f"{filename}:{call.lineno}: {what} with {ast.unparse(body) if body else 'no body'}")
    return offences


def test_raw_html_only_ever_gets_module_constants():
    offences = [o for p in SOURCES for o in html_offences(p.read_text(), str(p.relative_to(ROOT)))]
    assert offences == []


def test_the_html_check_catches_user_text_and_allows_constants():
    allowed = 'import streamlit as st\nCSS = "<style>p {}</style>"\nst.markdown(CSS, unsafe_allow_html=True)\n' \
              'st.html("<b>fixed</b>")\nst.markdown(name, unsafe_allow_html=False)\n'
    assert html_offences(allowed) == []
    for bad in ('st.markdown(f"<b>{name}</b>", unsafe_allow_html=True)',
                'st.markdown("<b>{}</b>".format(name), unsafe_allow_html=True)',
                'st.markdown("<b>%s</b>" % name, unsafe_allow_html=True)',
                'st.markdown("<b>" + name, unsafe_allow_html=True)',
                'st.markdown(body=name, unsafe_allow_html=True)',
                'st.html(text)', 'st.html(f"{x}")', 'st.write(x, unsafe_allow_html=flag)',
                'CSS = "a"\nCSS = user\nst.markdown(CSS, unsafe_allow_html=True)',
                'def f(name):\n    CSS = name\n    st.markdown(CSS, unsafe_allow_html=True)'):
        assert html_offences("import streamlit as st\n" + bad), bad


def _code_execution(tree) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
            found += [f"imports {n}" for n in names if n and n.split(".")[0] in ("pickle", "dill", "cloudpickle",
                                                                                  "marshal", "shelve")]
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if isinstance(func, ast.Name) and name in ("eval", "exec", "compile", "__import__"):  # not re.compile
                found.append(f"calls {name}")
            if name == "load" and isinstance(func, ast.Attribute) and ast.unparse(func.value) in ("torch", "np", "numpy"):
                weights_only = any(k.arg in ("weights_only", "allow_pickle") for k in node.keywords
                                   if isinstance(k.value, ast.Constant) and k.value.value is (k.arg == "weights_only"))
                if not weights_only:
                    found.append(f"calls {ast.unparse(func)} without weights_only=True / allow_pickle=False")
            if name in ("read_pickle", "load_model") or (name == "loads" and ast.unparse(func).startswith("pickle")):
                found.append(f"calls {name}")
    return found


def test_no_pickle_eval_exec_or_unsafe_torch_load():
    offences = [f"{p.relative_to(ROOT)}: {what}" for p in SOURCES for what in _code_execution(ast.parse(p.read_text()))]
    assert offences == []


def test_the_code_execution_check_catches_each_pattern():
    for bad in ("import pickle", "from pickle import loads", "eval(x)", "exec(x)", "torch.load(path)",
                "torch.load(path, weights_only=False)", "np.load(path, allow_pickle=True)", "pd.read_pickle(p)",
                "__import__('os')", "compile(src, 'f', 'exec')"):
        assert _code_execution(ast.parse(bad)), bad
    safe = "torch.load(path, weights_only=True)\nnp.load(p, allow_pickle=False)\nre.compile('x')"
    assert _code_execution(ast.parse(safe)) == []
