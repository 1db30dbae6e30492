"""Every module of the project reads in one sitting: none outside tests and migrations is over 600 lines.

Import cycles and the direction of dependencies are import-linter's
(tests/test_dependencies_run_one_way.py); this guards the other half of
docs/architecture.md's promise, that a newcomer can hold any module in their head.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 600


def _project_modules() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True)
    paths = [ROOT / line for line in listed.stdout.splitlines()]
    return [p for p in paths if p.exists() and not {"migrations", "tests"} & set(p.relative_to(ROOT).parts)]


def test_the_project_has_modules_to_measure():
    assert len(_project_modules()) > 100


def test_no_module_outside_tests_and_migrations_is_over_600_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in _project_modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
