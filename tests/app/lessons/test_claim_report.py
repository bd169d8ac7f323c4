"""Claims against one run's values: which claims a run can check, and how they read."""

from layerlab.app.lessons.claim_report import claim_lines, describe, same_params
from layerlab.lessons.format import parse_lesson

LESSON = """+++
topic = "activations"
title = "t"
[figure]
experiment = "x.run"
params = { a = 2, mode = "fast" }
[[claims]]
expect = { v = { approx = 0.5, tol = 0.01 }, ok = true }
[[claims]]
params = { a = 3, mode = "fast" }
expect = { v = { gt = 1 } }
[[claims]]
experiment = "x.other"
expect = { w = 1 }
+++
<!-- en -->
text
"""


def test_conditions_read_as_symbols():
    assert describe({"approx": 0.5, "rel": 0.1}) == "≈ 0.5 ± 0.05"
    assert describe({"gt": 1, "le": 2.5}) == "> 1, ≤ 2.5"
    assert describe(True) == "= true"


def test_numbers_compare_as_numbers():
    assert same_params({"a": 2, "b": "x"}, {"a": 2.0, "b": "x"})
    assert not same_params({"a": 2}, {"a": 2.001})
    assert not same_params({"a": 2}, {"a": 2, "b": 1})


def test_a_run_checks_only_the_claims_made_with_its_parameters():
    lesson = parse_lesson(LESSON)
    lines = claim_lines(lesson, "x.run", {"a": 2.0, "mode": "fast"}, {"v": 0.505, "ok": False})
    assert [(ln.ok, ln.text) for ln in lines] == [
        (True, "v = 0.505 (expected ≈ 0.5 ± 0.01)"),
        (False, "ok = false (expected = true)"),
    ]
    lines = claim_lines(lesson, "x.run", {"a": 3, "mode": "fast"}, {"v": 0.9})
    assert [(ln.ok, ln.text) for ln in lines] == [(False, "v = 0.9 (expected > 1)")]
    assert claim_lines(lesson, "x.run", {"a": 4, "mode": "fast"}, {"v": 0.9}) == []
    missing = claim_lines(lesson, "x.other", {}, {})
    assert [(ln.ok, ln.name) for ln in missing] == [(False, "w")]
