"""Guided lessons: lesson files (Markdown + TOML front matter), the experiments they run and
the claims they check. No Qt here: the app's lesson views render what this package computes."""

from layerlab.lessons.catalog import TOPICS, Catalog, load_catalog, topic_title
from layerlab.lessons.format import (
    Claim,
    Lesson,
    LessonError,
    Setup,
    Step,
    load_lesson,
    parse_lesson,
)

__all__ = [
    "TOPICS",
    "Catalog",
    "Claim",
    "Lesson",
    "LessonError",
    "Setup",
    "Step",
    "load_catalog",
    "load_lesson",
    "parse_lesson",
    "topic_title",
]
