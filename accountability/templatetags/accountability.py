"""Names for the codes a report stores (hold kinds, rights, roles, reasons kept), in the report's language."""

from django import template

from registers.models import Role
from retention.models import HoldKind
from subject_requests.models import DecisionOutcome, RequestRight

register = template.Library()

CHOICES = {"kind": HoldKind, "right": RequestRight, "outcome": DecisionOutcome, "role": Role}


@register.filter
def choice_label(code: str, what: str) -> str:
    """The display name of a stored code; a combined role ("dpo+supervisor") names each part."""
    choices = dict(CHOICES[what].choices)
    return " + ".join(str(choices.get(part, part)) for part in str(code).split("+"))


@register.filter
def why_label(code: str, labels: dict) -> str:
    return labels.get(f"why_{code}", code)
