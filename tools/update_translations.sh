#!/usr/bin/env bash
# Refresh the UI translations and build the .qm files the app loads.
#
#   tools/update_translations.sh            (from anywhere; it works from the repository root)
#
# 1. pyside6-lupdate extracts every translatable string of src/layerlab/app/**/*.py into a
#    fresh catalogue (the engine and data messages are English by design: not scanned).
# 2. The app's module-level helpers ``tr = QCoreApplication.translate("Builder", ...)`` hide
#    their context from lupdate, which files those strings under the empty context. The
#    context is recovered per source file (the file's own ``def tr`` or the module it imports
#    ``tr`` from) and the messages are moved there, so that they match at run time.
# 3. The existing layerlab_<lang>.ts is merged in: translations are kept; a translated
#    string that left the sources stays as "vanished" (or "obsolete" when it was unfinished);
#    a new string whose text is translated in another context starts from that translation,
#    still marked unfinished for review.
# 4. pyside6-lrelease builds layerlab_<lang>.qm.
#
# Running it twice changes nothing. VENV=/path/to/venv overrides the default .venv.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV=${VENV:-.venv}
LUPDATE=$VENV/bin/pyside6-lupdate
LRELEASE=$VENV/bin/pyside6-lrelease
PYTHON=$VENV/bin/python
I18N=src/layerlab/resources/i18n
LANGS=(zh_CN)

for tool in "$LUPDATE" "$LRELEASE" "$PYTHON"; do
    [[ -x $tool ]] || { echo "missing $tool (set VENV=...)" >&2; exit 1; }
done
mkdir -p "$I18N"
mapfile -t SOURCES < <(
    find src/layerlab/app -name '*.py' -not -path '*/__pycache__/*' | LC_ALL=C sort
)

for lang in "${LANGS[@]}"; do
    ts=$I18N/layerlab_$lang.ts
    qm=$I18N/layerlab_$lang.qm
    # lupdate writes locations relative to the .ts, so the fresh one sits next to it.
    fresh=$I18N/.layerlab_$lang.lupdate.ts
    trap 'rm -f "$fresh"' EXIT
    rm -f "$fresh"
    "$LUPDATE" -silent -no-obsolete -locations absolute -source-language en \
        -target-language "$lang" "${SOURCES[@]}" -ts "$fresh"
    "$PYTHON" - "$fresh" "$ts" <<'PY'
"""Fix the contexts of module-level tr() strings, merge the old translations, write the .ts."""

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

fresh_path, ts_path = Path(sys.argv[1]), Path(sys.argv[2])
ts_dir = ts_path.parent
SRC = Path("src")

TRANSLATE = re.compile(r"""QCoreApplication\.translate\(\s*["'](\w+)["']""")
IMPORT_TR = re.compile(r"^from\s+([\w.]+)\s+import\s+(?:\(([^)]*)\)|(.*))$", re.M)


def module_context(path: Path, seen: tuple = ()) -> str:
    """The context of the ``tr`` a source file calls: its own or the one it imports."""
    text = path.read_text(encoding="utf-8")
    if re.search(r"^def tr\(", text, re.M):
        m = TRANSLATE.search(text[text.index("def tr(") :])
        if m:
            return m.group(1)
    for m in IMPORT_TR.finditer(text):
        names = re.split(r"[\s,]+", (m.group(2) or m.group(3)).strip())
        if "tr" in names:
            module = SRC.joinpath(*m.group(1).split(".")).with_suffix(".py")
            if module.exists() and module not in seen:
                return module_context(module, (*seen, path))
    raise SystemExit(f"update_translations: cannot tell the tr() context of {path}")


def key(msg: ET.Element, context: str) -> tuple[str, str, str]:
    return (context, msg.findtext("source", ""), msg.findtext("comment", ""))


def translation_of(msg: ET.Element) -> tuple[list[str], str]:
    """(forms, type): one form for a plain message, one per plural form for a numerus one."""
    tr = msg.find("translation")
    if tr is None:
        return [], "unfinished"
    forms = [f.text or "" for f in tr.findall("numerusform")] or [tr.text or ""]
    return forms, tr.get("type", "")


def set_translation(msg: ET.Element, forms: list[str], kind: str) -> None:
    tr = msg.find("translation")
    if tr is None:
        tr = ET.SubElement(msg, "translation")
    for child in list(tr):
        tr.remove(child)
    tr.text = None
    if msg.get("numerus") == "yes":
        for form in forms or [""]:
            ET.SubElement(tr, "numerusform").text = form
    else:
        tr.text = forms[0] if forms else ""
    if kind:
        tr.set("type", kind)
    elif "type" in tr.attrib:
        del tr.attrib["type"]


# ---- 1. the fresh catalogue, with the right contexts -------------------------------------------
fresh = ET.parse(fresh_path).getroot()
contexts: dict[str, list[ET.Element]] = {}
for ctx in fresh.findall("context"):
    name = ctx.findtext("name", "")
    for msg in ctx.findall("message"):
        if name:
            contexts.setdefault(name, []).append(msg)
            continue
        by_ctx: dict[str, list[ET.Element]] = {}
        for loc in msg.findall("location"):
            src = (ts_dir / loc.get("filename", "")).resolve().relative_to(Path.cwd())
            by_ctx.setdefault(module_context(src), []).append(loc)
        for target, locs in by_ctx.items():
            copy = ET.fromstring(ET.tostring(msg))
            for loc in copy.findall("location"):
                copy.remove(loc)
            for i, loc in enumerate(locs):
                copy.insert(i, loc)
            contexts.setdefault(target, []).append(copy)


def first_location(msg: ET.Element) -> tuple[str, int]:
    loc = msg.find("location")
    return ("", 0) if loc is None else (loc.get("filename", ""), int(loc.get("line", "0")))


# ---- 2. merge the translations already made ---------------------------------------------------
old: dict[tuple[str, str, str], ET.Element] = {}
old_order: list[tuple[str, str, str]] = []
if ts_path.exists():
    for ctx in ET.parse(ts_path).getroot().findall("context"):
        for msg in ctx.findall("message"):
            k = key(msg, ctx.findtext("name", ""))
            old[k] = msg
            old_order.append(k)
by_text = {}
for k in old_order:
    forms, kind = translation_of(old[k])
    if any(forms) and kind in ("", "vanished"):
        by_text.setdefault(k[1:], forms)

seen = set()
for name, msgs in contexts.items():
    for msg in msgs:
        k = key(msg, name)
        seen.add(k)
        if k in old:
            forms, kind = translation_of(old[k])
            kind = {"vanished": "", "obsolete": "unfinished"}.get(kind, kind)
            for extra in ("translatorcomment",):
                if old[k].find(extra) is not None and msg.find(extra) is None:
                    msg.insert(list(msg).index(msg.find("translation")), old[k].find(extra))
        elif k[1:] in by_text:
            forms, kind = by_text[k[1:]], "unfinished"
        else:
            forms, kind = [], "unfinished"
        if not any(forms):
            kind = "unfinished"
        set_translation(msg, forms, kind)
for k in old_order:  # strings no longer in the sources: kept, out of the way
    if k in seen:
        continue
    msg = old[k]
    for loc in msg.findall("location"):
        msg.remove(loc)
    forms, kind = translation_of(msg)
    if not any(forms):  # nothing worth keeping
        continue
    if kind not in ("vanished", "obsolete"):
        kind = "obsolete" if kind == "unfinished" or not any(forms) else "vanished"
    set_translation(msg, forms, kind)
    contexts.setdefault(k[0], []).append(msg)


# ---- 3. write it the way lupdate does ------------------------------------------------------------
def esc(text: str, attr: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace('"', "&quot;").replace("'", "&apos;")
    return text.replace("\n", "&#xa;") if attr else text


def write_message(out: list[str], msg: ET.Element) -> None:
    attrs = "".join(f' {a}="{esc(v, True)}"' for a, v in msg.attrib.items())
    out.append(f"    <message{attrs}>")
    for child in msg:
        tag = child.tag
        if tag == "location":
            out.append(
                f'        <location filename="{esc(child.get("filename", ""), True)}"'
                f' line="{child.get("line", "0")}"/>'
            )
        elif tag == "translation":
            kind = child.get("type")
            attr = f' type="{kind}"' if kind else ""
            forms = child.findall("numerusform")
            if forms:
                out.append(f"        <translation{attr}>")
                for f in forms:
                    out.append(f"            <numerusform>{esc(f.text or '')}</numerusform>")
                out.append("        </translation>")
            else:
                out.append(f"        <translation{attr}>{esc(child.text or '')}</translation>")
        else:
            out.append(f"        <{tag}>{esc(child.text or '')}</{tag}>")
    out.append("    </message>")


language = fresh.get("language", "")
lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    "<!DOCTYPE TS>",
    f'<TS version="2.1" language="{language}" sourcelanguage="en">',
]
for name in sorted(contexts):
    live = sorted(
        (m for m in contexts[name] if m.find("location") is not None), key=first_location
    )
    gone = [m for m in contexts[name] if m.find("location") is None]
    lines += ["<context>", f"    <name>{esc(name)}</name>"]
    for msg in live + gone:
        write_message(lines, msg)
    lines.append("</context>")
lines.append("</TS>")
text = "\n".join(lines) + "\n"
if not ts_path.exists() or ts_path.read_text(encoding="utf-8") != text:
    ts_path.write_text(text, encoding="utf-8")

counts = {"total": 0, "unfinished": 0, "gone": 0}
for msgs in contexts.values():
    for m in msgs:
        kind = m.find("translation").get("type", "")
        if kind in ("vanished", "obsolete"):
            counts["gone"] += 1
            continue
        counts["total"] += 1
        counts["unfinished"] += kind == "unfinished"
print(
    f"{ts_path}: {counts['total']} messages, {counts['unfinished']} unfinished,"
    f" {counts['gone']} no longer in the sources"
)
PY
    rm -f "$fresh"
    "$LRELEASE" -silent "$ts" -qm "$qm"
    echo "$qm: built"
done
