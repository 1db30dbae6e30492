"""Every string the UI marks for translation has its Finnish in locale/fi/LC_MESSAGES/django.po.

The .po file is the source, edited as Django projects edit it: `manage.py
makemessages -l fi` picks up new strings, a translator fills them in, and
`compilemessages` (or msgfmt) makes the .mo. Here makemessages runs on a copy
of the project: a string added to a template or to Python without its
Finnish, or one whose English changed under an old translation (makemessages
marks it fuzzy, and Django shows it in English), fails the test, naming it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import require_or_skip

ROOT = Path(__file__).resolve().parents[1]
PO = Path("locale/fi/LC_MESSAGES/django.po")
NOT_SOURCE = (".venv", ".git", "var", "__pycache__", "docs", "*.png", ".ruff_cache", ".hypothesis", "results")


def _entries(po_text: str) -> list[tuple[str, bool, str]]:
    """(msgid, fuzzy, msgstr) of every entry, multi-line strings joined."""
    entries = []
    for block in po_text.split("\n\n"):
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block.splitlines())
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgstr|msgid_plural|msgstr\[0\])\s+"(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            entries.append((fields["msgid"], fuzzy, fields.get("msgstr", fields.get("msgstr[0]", ""))))
    return entries


def test_makemessages_finds_no_string_without_its_finnish(tmp_path):
    require_or_skip(shutil.which("xgettext") is not None, "GNU gettext (xgettext, for makemessages)")
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fi", "--no-obsolete"],
        cwd=copy,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "true", "DATABASE_URL": "postgres://unused@127.0.0.1:1/unused"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    missing = [msgid for msgid, fuzzy, msgstr in _entries((copy / PO).read_text()) if fuzzy or not msgstr]
    assert missing == [], f"{len(missing)} strings without Finnish (add them to {PO}): {missing[:20]}"
