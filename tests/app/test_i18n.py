"""The Simplified Chinese translation: complete, consistent with its sources, and loadable.

After changing a visible string run ``tools/update_translations.sh``, translate the new
messages in src/layerlab/resources/i18n/layerlab_zh_CN.ts and run the script again.
"""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from layerlab.app.i18n import LANGUAGES, Translation, qm_path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "src" / "layerlab" / "app"
TS = ROOT / "src" / "layerlab" / "resources" / "i18n" / "layerlab_zh_CN.ts"
FIX = "run tools/update_translations.sh, translate what it adds, and run it again"


# ---- the .ts file -------------------------------------------------------------------------------
def ts_messages() -> list[dict]:
    """Every live message: context, source, comment, numerus, translation forms, type."""
    out = []
    for ctx in ET.parse(TS).getroot().iter("context"):
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            kind = tr.get("type", "") if tr is not None else "unfinished"
            if kind in ("vanished", "obsolete"):
                continue
            forms = [f.text or "" for f in tr.iter("numerusform")] or [tr.text or ""]
            out.append(
                {
                    "context": ctx.findtext("name", ""),
                    "source": msg.findtext("source", ""),
                    "comment": msg.findtext("comment", ""),
                    "numerus": msg.get("numerus") == "yes",
                    "forms": forms,
                    "type": kind,
                }
            )
    return out


MESSAGES = ts_messages()
PLACEHOLDER = re.compile(
    r"%(?:n|L?\d+|[-+#0]*\d*(?:\.\d+)?[sdifgeEx])"  # %s %.4f %n %1
    r"|\{\w*\}"  # str.format
    r"|</?[a-zA-Z][^>]*>"  # HTML tags
)


def placeholders(text: str) -> Counter:
    """printf / Qt / str.format placeholders and HTML tags, counted."""
    return Counter(PLACEHOLDER.findall(text))


def accelerators(text: str) -> int:
    return len(re.findall(r"&(?!&)", text.replace("&&", "")))


def test_the_ts_has_messages_and_none_is_unfinished():
    assert len(MESSAGES) > 100
    unfinished = [(m["context"], m["source"]) for m in MESSAGES if m["type"] == "unfinished"]
    assert not unfinished, f"unfinished translations ({FIX}): {unfinished}"
    empty = [m["source"] for m in MESSAGES if not all(f.strip() for f in m["forms"])]
    assert not empty, f"empty translations: {empty}"


@pytest.mark.parametrize(
    "msg", MESSAGES, ids=[f"{m['context']}:{m['source'][:30]}" for m in MESSAGES]
)
def test_each_translation_keeps_the_placeholders_tags_and_accelerator(msg):
    for form in msg["forms"]:
        assert placeholders(form) == placeholders(msg["source"])
        assert accelerators(form) == accelerators(msg["source"])
        assert form.count("\n") == msg["source"].count("\n")
        assert re.search(r"[\u4e00-\u9fff]", form), "not translated into Chinese"


# ---- every translatable literal in the app has its message ---------------------------------------
def _tr_context(path: Path, seen: frozenset = frozenset()) -> str | None:
    """The context of the module-level ``tr`` that ``path`` defines or imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "tr":
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "translate"
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                ):
                    return call.args[0].value
        if isinstance(node, ast.ImportFrom) and any(a.name == "tr" for a in node.names):
            module = ROOT / "src" / Path(*(node.module or "").split(".")).with_suffix(".py")
            if module.exists() and module not in seen:
                return _tr_context(module, seen | {path})
    return None


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _call_string(call: ast.Call, cls: str | None, module_ctx: str | None) -> tuple | None:
    """(context, text) when ``call`` marks a literal for translation."""
    f, args = call.func, call.args
    name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
    if not args:
        return None
    if name == "tr":
        ctx, text = (module_ctx if isinstance(f, ast.Name) else cls), _literal(args[0])
    elif name in ("QT_TRANSLATE_NOOP", "translate") and len(args) >= 2:
        ctx, text = _literal(args[0]), _literal(args[1])
    else:
        return None
    return None if ctx is None or text is None else (ctx, text)


def source_strings() -> set[tuple[str, str, str]]:
    """(context, text, file:line) of every literal passed to tr(), self.tr(), translate() or
    QT_TRANSLATE_NOOP() under src/layerlab/app, with the context Qt looks it up in."""
    found = set()
    for path in sorted(APP.rglob("*.py")):
        module_ctx = _tr_context(path)
        where = path.relative_to(ROOT)
        todo: list[tuple[ast.AST, str | None]] = [(ast.parse(path.read_text("utf-8")), None)]
        while todo:
            node, cls = todo.pop()
            if isinstance(node, ast.ClassDef):
                cls = node.name
            if isinstance(node, ast.Call) and (hit := _call_string(node, cls, module_ctx)):
                found.add((*hit, f"{where}:{node.lineno}"))
            todo += [(child, cls) for child in ast.iter_child_nodes(node)]
    return found


def test_every_translatable_string_in_the_app_is_translated():
    strings = source_strings()
    assert len(strings) > 100
    have = {(m["context"], m["source"]) for m in MESSAGES if m["type"] != "unfinished"}
    missing = sorted(where for ctx, text, where in strings if (ctx, text) not in have)
    assert not missing, f"strings without a translation ({FIX}): {missing}"


# ---- the .qm: built from this .ts, loaded by Translation -----------------------------------------
def test_the_qm_holds_every_translation_of_the_ts(qapp):
    t = QTranslator()
    assert t.load(qm_path("zh_CN")), "no layerlab_zh_CN.qm: " + FIX
    for m in MESSAGES:
        n = 3 if m["numerus"] else -1
        got = t.translate(m["context"], m["source"], m["comment"] or None, n)
        assert got == m["forms"][0], f"the .qm is older than the .ts: {FIX}"


@pytest.fixture
def translation(qapp):
    t = Translation()
    yield t
    t.apply("en")


def test_zh_cn_translates_menus_builder_and_widgets(translation):
    assert "zh_CN" in LANGUAGES
    assert translation.apply("zh_CN") and translation.language == "zh_CN"
    tr = QCoreApplication.translate
    assert tr("MainWindow", "&File") == "文件(&F)"
    assert tr("MainWindow", "&Edit") == "编辑(&E)"
    assert tr("MainWindow", "Inspector") == "检查器"
    assert tr("Files", "Unsaved changes") == "未保存的更改"
    assert tr("Builder", "max pooling") == "最大池化"
    assert tr("Builder", "Add %s") % "Dense" == "添加 Dense"
    assert tr("Builder", "Move %n layer(s)", None, 3) == "移动 3 个层"
    assert tr("InspectorPanel", "optimizer") == "优化器"
    assert tr("ParamsPanel", "batch size") == "批大小"


def test_widgets_pick_up_the_translation(translation):
    from layerlab.app.builder.inspector import _PaddingEdit
    from layerlab.app.builder.palette import ENTRIES, PaletteView

    translation.apply("zh_CN")
    palette = PaletteView()
    groups = [palette.topLevelItem(i).text(0) for i in range(palette.topLevelItemCount())]
    assert groups[:5] == ["核心层", "卷积", "激活函数", "归一化", "正则化"]
    assert _PaddingEdit().combo.itemText(2) == "像素"  # self.tr(): the class is the context
    dense = next(e for e in ENTRIES if e.kind == "Dense")
    assert dense.description == "全连接层"
    assert dense.score("全连接") is not None


def test_switching_back_to_english_restores_the_sources(translation):
    translation.apply("zh_CN")
    assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
    assert translation.apply("en") and translation.language == "en"
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    assert QCoreApplication.translate("Builder", "max pooling") == "max pooling"
    assert QCoreApplication.translate("Builder", "Move %n layer(s)", None, 3) == "Move 3 layer(s)"
