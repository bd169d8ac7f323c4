"""Every lesson in resources/lessons (or another folder), grouped by topic in course order."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from layerlab.lessons.format import Lesson, LessonError, load_lesson

# Topics in the order a course takes them, with their titles (textbook terms in Chinese).
TOPICS: dict[str, dict[str, str]] = {
    "perceptron": {"en": "Perceptron", "zh": "感知机"},
    "mlp": {"en": "Multilayer networks", "zh": "多层感知机"},
    "activations": {"en": "Activation functions", "zh": "激活函数"},
    "losses": {"en": "Loss functions", "zh": "损失函数"},
    "optimization": {"en": "Gradient descent and optimizers", "zh": "梯度下降与优化器"},
    "initialization": {"en": "Weight initialisation", "zh": "权重初始化"},
    "backprop": {"en": "Backpropagation", "zh": "反向传播"},
    "regularization": {"en": "Overfitting and regularisation", "zh": "过拟合与正则化"},
    "batchnorm": {"en": "Batch normalisation", "zh": "批量归一化"},
    "mnist": {"en": "MNIST networks", "zh": "MNIST 手写数字识别"},
    "cnn": {"en": "Convolutional networks", "zh": "卷积神经网络"},
    "interpretation": {"en": "Inside the network", "zh": "网络在看什么"},
    "regression": {"en": "Regression on real data", "zh": "真实数据回归"},
}


def lessons_folder() -> Path:
    """The lessons shipped with LayerLab."""
    return Path(str(resources.files("layerlab") / "resources" / "lessons"))


@dataclass(frozen=True)
class Catalog:
    lessons: tuple[Lesson, ...]
    errors: tuple[str, ...]  # one message per file that could not be loaded

    def by_id(self, lesson_id: str) -> Lesson:
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise KeyError(f"no lesson {lesson_id!r}")

    def topics(self) -> list[tuple[str, list[Lesson]]]:
        """(topic, its lessons in order) in course order; unknown topics last."""
        order = {t: i for i, t in enumerate(TOPICS)}
        groups: dict[str, list[Lesson]] = {}
        for lesson in self.lessons:
            groups.setdefault(lesson.topic, []).append(lesson)
        return [
            (t, sorted(ls, key=lambda la: (la.order, la.id)))
            for t, ls in sorted(groups.items(), key=lambda kv: (order.get(kv[0], 999), kv[0]))
        ]


def topic_title(topic: str, lang: str) -> str:
    titles = TOPICS.get(topic)
    return titles.get(lang, titles["en"]) if titles else topic


def load_catalog(folder: str | Path | None = None) -> Catalog:
    """Every ``*.md`` lesson under ``folder``; a broken file is reported, not fatal."""
    folder = Path(folder) if folder is not None else lessons_folder()
    lessons, errors, seen = [], [], set()
    for path in sorted(folder.rglob("*.md")):
        if path.name.upper() == "README.MD":
            continue
        try:
            lesson = load_lesson(path)
        except LessonError as e:
            errors.append(str(e))
            continue
        if lesson.id in seen:
            errors.append(f"lesson {path.name}: id {lesson.id!r} is used by another lesson")
            continue
        seen.add(lesson.id)
        lessons.append(lesson)
    return Catalog(tuple(lessons), tuple(errors))
