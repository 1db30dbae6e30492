"""The apps depend on each other one way only, and no modules import each other in a circle.

The layers and the cycle rule are import-linter contracts in .importlinter
(docs/architecture.md draws them). A lower layer that needs to tell a higher
one something sends a signal or calls a registry it owns.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_app_imports_a_layer_above_it_and_no_modules_import_each_other_in_a_circle():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--config", str(ROOT / ".importlinter"), "--no-cache"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[result.stdout.find("Broken contracts") :] or result.stderr
