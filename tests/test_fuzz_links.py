"""Fuzzing every page's URL decoder (issue 7): hostile links never raise, always give valid settings,
and every refused value or unknown key is named in a warning.

Each hypothesis example is one link plus QUERIES_PER_EXAMPLE - 1 variants derived from it (its values
swapped for the fixed hostile strings, doubled, reversed, cut), so EXAMPLES x QUERIES_PER_EXAMPLE =
10,000 links per decoder while hypothesis's own overhead (most of the time) stays small.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.links import PAGE_FIELDS
from core.links.url_state import HIDE, HIDE_SUFFIX, PRESENT, SCENE, code_span_text, decode_query, is_valid
from core.scenes import scenes_of

EXAMPLES, QUERIES_PER_EXAMPLE = 1_000, 10
# What a link must never get rendered in a warning outside a code span: a Markdown link or image,
# emphasis, an HTML tag, a bare web address (GitHub-flavoured Markdown links those by itself).
ACTIVE_MARKDOWN = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(|(?<!\\)!(?<!\\)\[|(?<!\\)\*(?<!\\)\*|(?<!\\)<[A-Za-z/]|https?(?<!\\)://|www\.")

HOSTILE = (["", " ", "nan", "NaN", "inf", "-inf", "1e999", "-1e999", "0x10", "1_000", "٣", "１２",
                     "<script>alert(1)</script>", "javascript:alert(1)", "`code`", "**bold**", "\n", "\x00",
                     "9" * 400, "-0", "+5", "1.5", "true", "None", "[1, 2]", "a,b,c", ",,,", "0:0.03,5:0.1",
                     "1e-320", "4.9e-324", "1.7976931348623157e308", "%00", "../../etc/passwd",
                     "[Log in](https://evil.example/x)", "![t](https://evil.example/p.png)", "**HUGE**",
                     "0:**HUGE**", "s1.0.1_[x](y)", "<img src=x onerror=alert(1)>", "www.evil.example"])
NASTY_TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(-10**30, 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=60),
    st.text(min_size=250, max_size=400),
)


def _queries(fields, scenes):
    names = [f.name for f in fields]
    keys = st.one_of(st.sampled_from(names + [SCENE, PRESENT, HIDE]),
                     st.sampled_from(names).map(lambda name: name + HIDE_SUFFIX),
                     st.text(max_size=20))
    valid = st.sampled_from(fields).map(lambda f: (f.name, f.format(f.default)))
    scene = st.sampled_from(list(scenes) or ["none"]).map(lambda s: (SCENE, s))
    pair = st.one_of(st.tuples(keys, NASTY_TEXT), valid, scene)
    return st.lists(pair, max_size=12).map(dict)


def _variants(query: dict) -> list[dict]:
    """The link and QUERIES_PER_EXAMPLE - 1 relatives: each value replaced by a hostile string, or
    doubled, reversed, cut in half, or joined with its neighbour."""
    changes = [lambda i, v, k=k: HOSTILE[(i * 7 + k) % len(HOSTILE)] for k in range(5)] + [
        lambda i, v: v + v, lambda i, v: v[::-1], lambda i, v: v[: len(v) // 2], lambda i, v: v + "," + v]
    return [query] + [{key: change(i, value) for i, (key, value) in enumerate(query.items())}
                      for change in changes[: QUERIES_PER_EXAMPLE - 1]]


def _check(fields, scenes, query):
    decoded = decode_query(fields, query, scenes=scenes)
    by_name = {f.name: f for f in fields}
    warnings = " | ".join(decoded.warnings)
    for f in fields:
        assert is_valid(f, decoded.values[f.name]), (f.name, decoded.values[f.name])
    for key, text in query.items():
        if key in by_name:
            refused = object()  # not None: a custom field may decode to None (e.g. "no network")
            try:
                accepted = by_name[key].parse(text)
            except ValueError:
                accepted = refused
            if accepted is refused:
                assert f"`{key}={code_span_text(text)}`" in warnings, (key, text)
            else:
                assert decoded.values[key] == accepted
        elif key not in (SCENE, PRESENT, HIDE) and not key.endswith(HIDE_SUFFIX):
            assert code_span_text(key) in warnings, key
    outside_code = re.sub(r"`[^`]*`", "", warnings)
    assert not ACTIVE_MARKDOWN.search(outside_code), warnings
    assert decoded.hidden <= set(by_name)
    assert decoded.scene is None or decoded.scene in scenes


@pytest.mark.parametrize("page", sorted(PAGE_FIELDS))
def test_the_decoder_survives_ten_thousand_hostile_links(page):
    fields, scenes = PAGE_FIELDS[page], scenes_of(page)
    if not fields:
        pytest.fail(f"page {page!r} declares no link fields")

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(_queries(fields, scenes))
    def fuzz(query):
        for variant in _variants(query):
            _check(fields, scenes, variant)

    fuzz()
