"""App tests run offscreen; Qt is required here (the engine and data tests need none)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
