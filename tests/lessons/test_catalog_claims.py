"""Every shipped lesson loads, names experiments that exist, and its claims hold when run."""

from __future__ import annotations

import pytest

from layerlab.lessons import load_catalog
from layerlab.lessons.claims import check_lesson
from layerlab.lessons.experiments import load_all

CATALOG = load_catalog()


def test_every_lesson_file_loads() -> None:
    assert CATALOG.errors == ()
    assert CATALOG.lessons


@pytest.mark.parametrize("lesson", CATALOG.lessons, ids=lambda la: la.id)
def test_lesson_is_complete(lesson) -> None:
    experiments = load_all()
    assert lesson.experiments() <= set(experiments), lesson.experiments() - set(experiments)
    assert lesson.claims, "a lesson claims something, and the claim is a test"
    for lang in ("en", "zh"):
        assert lang in lesson.title and lang in lesson.text, f"{lang} text missing"
        assert lesson.text[lang].steps, f"{lang} text has no numbered steps"
    assert len(lesson.text["en"].steps) == len(lesson.text["zh"].steps)
    assert lesson.reproduces.get("en"), "name the book figure or result it reproduces"


@pytest.mark.parametrize("lesson", CATALOG.lessons, ids=lambda la: la.id)
def test_lesson_claims_hold(lesson) -> None:
    failures = [f for check in check_lesson(lesson) for f in check.failures]
    assert not failures, failures
