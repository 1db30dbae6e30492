"""Finnish number agreement for letters: "1 puhelutallenteen", "2 puhelutallennetta"."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def fi_count(count: int, forms: str) -> str:
    """`count` with the noun form for one or for several, given as "one,several".

    {{ n|fi_count:"tallenne,tallennetta" }} gives "1 tallenne" or "2 tallennetta".
    """
    one, many = forms.split(",")
    return f"{count} {one if count == 1 else many}"


@register.filter
def fi_which(count: int, forms: str = "jossa,joissa") -> str:
    """The relative pronoun that agrees with the count: jossa for one, joissa for several."""
    one, many = forms.split(",")
    return one if count == 1 else many
