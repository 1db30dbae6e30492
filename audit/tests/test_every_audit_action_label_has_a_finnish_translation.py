"""Every action the audit log can name reads in Finnish on the Finnish pages: a new action without a translation fails
here, not in front of the DPO."""

from __future__ import annotations

from django.utils import translation

from audit.models import AuditAction


def test_every_audit_action_label_has_a_finnish_translation():
    untranslated = []
    for value, label in AuditAction.choices:
        with translation.override("en"):
            english = str(label)
        with translation.override("fi"):
            finnish = str(label)
        if not finnish.strip() or finnish == english:
            untranslated.append(f"{value}: {english}")
    assert not untranslated, "audit actions without a Finnish label: " + "; ".join(untranslated)
