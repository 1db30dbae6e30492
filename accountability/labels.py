"""The report's wording in Finnish and English, kept as data (labels.json) so it can be read and corrected."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LANGUAGES = ("fi", "en")


@cache
def _labels() -> dict[str, dict[str, str]]:
    data = json.loads((Path(__file__).with_name("labels.json")).read_text(encoding="utf-8"))
    for key, texts in data.items():
        missing = [lang for lang in LANGUAGES if not texts.get(lang)]
        if missing:
            raise ValueError(f"labels.json: {key!r} lacks {', '.join(missing)}")
    return data


def labels(language: str) -> dict[str, str]:
    language = language if language in LANGUAGES else LANGUAGES[0]
    return {key: texts[language] for key, texts in _labels().items()}
