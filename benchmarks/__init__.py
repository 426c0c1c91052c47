"""Benchmarks: run by hand, print figures; never part of the test suite.

They reuse the tests' browser helpers (tests/browser.py: the system Chromium, a server that
serves a built site as GitHub Pages does), so that folder joins the import path here, once.
"""

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parent.parent / "tests")
if _TESTS not in sys.path:
    sys.path.append(_TESTS)
