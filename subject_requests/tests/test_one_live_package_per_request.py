"""A request has at most one live download link: a second POST (a reload, a double click) creates no second package."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from subject_requests import services
from subject_requests.errors import RequestError
from subject_requests.models import ExportPackage, LetterKind

from .conftest import LINK_BASE


def test_a_second_package_for_the_same_request_is_refused_while_the_first_link_is_live(personas, searched_request):
    subject_request = searched_request()
    mail.outbox.clear()
    services.export_package_create(subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE)

    with pytest.raises(RequestError) as refused:
        services.export_package_create(subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE)

    assert "withdraw" in refused.value.message.lower()
    assert ExportPackage.objects.filter(request=subject_request).count() == 1
    assert subject_request.letters.filter(kind=LetterKind.DELIVERY).count() == 1
    assert len([m for m in mail.outbox if "/exports/" in m.body]) == 1


def test_after_withdrawing_the_link_a_new_package_can_be_sent(personas, searched_request):
    subject_request = searched_request()
    first, _token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    services.export_package_revoke(package=first, actor=personas.dpo)

    second, _token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )

    assert second.pk != first.pk and second.is_available


def test_an_expired_link_does_not_block_a_new_package(personas, searched_request):
    subject_request = searched_request()
    first, _token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    ExportPackage.objects.filter(pk=first.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    second, _token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )

    first.refresh_from_db()
    assert first.deleted_at is not None and second.is_available


def test_the_database_refuses_two_live_packages_of_one_kind_for_a_request(personas, searched_request):
    subject_request = searched_request()
    package, _token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ExportPackage.objects.create(
            request=subject_request,
            kind=package.kind,
            token_hash="f" * 64,
            created_by=personas.dpo,
            expires_at=timezone.now() + timedelta(days=1),
        )
