"""The report as CSV and JSON: the same document the page shows, for a supervisory authority or a spreadsheet."""

from __future__ import annotations

import csv
import io
import json

from lib.csv_safety import safe_row

from .models import AccountabilityReport


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    seconds = int(round(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{days} d"] if days else []
    parts += [f"{hours} h"] if hours or days else []
    parts.append(f"{minutes} min" if minutes or not (days or hours) else "")
    return " ".join(p for p in parts if p) or f"{seconds} s"


def report_json(report: AccountabilityReport) -> str:
    body = {
        "report": report.pk,
        "document": report.document,
        "document_sha256": report.document_sha256,
        "signature": report.signature,
        "audit_sequence": report.audit_sequence,
    }
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False)


def _flatten(value, path: str):
    if isinstance(value, dict):
        for key in value:
            yield from _flatten(value[key], f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        if not value:
            yield path, ""
        for i, item in enumerate(value):
            yield from _flatten(item, f"{path}[{i}]")
    else:
        yield path, value


def report_csv(report: AccountabilityReport) -> str:
    """One figure a line: its path in the JSON document and its value."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["figure", "value"])
    for path, value in _flatten(report.document, ""):
        writer.writerow(safe_row([path, "" if value is None else value]))
    for path, value in (
        ("document_sha256", report.document_sha256),
        ("signature", report.signature),
        ("audit_sequence", report.audit_sequence),
    ):
        writer.writerow(safe_row([path, value]))
    return out.getvalue()
