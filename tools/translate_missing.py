"""Fill unfinished zh_CN translations from a small table (used after update_translations.sh).

Usage: python tools/translate_missing.py 'English=中文' ...  (source text exactly as in the UI)
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).resolve().parents[1] / "src/layerlab/resources/i18n/layerlab_zh_CN.ts"


def main(pairs: list[str]) -> int:
    table = dict(p.split("=", 1) for p in pairs)
    tree = ET.parse(TS)
    filled = 0
    for msg in tree.iter("message"):
        src, tr = msg.find("source"), msg.find("translation")
        if tr is not None and tr.get("type") == "unfinished":
            text = table.get(src.text or "") or (tr.text or "")
            if text:
                tr.text = text
                del tr.attrib["type"]
                filled += 1
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    print(f"filled {filled} translation(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
