"""In Finnish a connector is a "tuontiyhteys" (an import link), never a "liittymä", which reads as a phone
subscription: on its pages, in their titles, in the audit log's words and in every translation that speaks of one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_connector_pages_say_tuontiyhteys(personas, client, folder_connector):
    client.force_login(personas.it_admin)
    slug = personas.register.slug
    for name, args in (
        ("connectors", [slug]),
        ("connector_new", [slug]),
        ("connector_detail", [slug, folder_connector.pk]),
        ("connector_edit", [slug, folder_connector.pk]),
    ):
        page = client.get(reverse(name, args=args)).content.decode()
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert "liittym" not in page.lower(), name
        assert "tuontiyhtey" in (title + page).lower(), name
    assert "<title>Tuontiyhteydet" in client.get(reverse("connectors", args=[slug])).content.decode()


def test_no_finnish_translation_of_a_connector_says_liittyma():
    po = (Path(settings.BASE_DIR) / "locale/fi/LC_MESSAGES/django.po").read_text()
    pairs = re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', po, re.M)
    speaking_of_connectors = [(mid, mstr) for mid, mstr in pairs if "onnector" in mid]
    assert speaking_of_connectors
    assert [mid for mid, mstr in speaking_of_connectors if "iittym" in mstr.lower()] == []
