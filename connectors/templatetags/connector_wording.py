from django import template

from connectors.wording import reason_in_page_language

register = template.Library()


@register.filter
def in_page_language(message: str) -> str:
    """A refusal or a run error, kept in English with the file, in the page's language."""
    return reason_in_page_language(message or "")
