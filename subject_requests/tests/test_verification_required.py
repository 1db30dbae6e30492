"""Nothing about the subject's recordings is disclosed or changed before their identity is verified."""

from __future__ import annotations

import pytest

from subject_requests import services
from subject_requests.errors import RequestError
from subject_requests.models import ExportPackage, RequestStatus, VerificationOutcome

from .conftest import LINK_BASE


@pytest.fixture
def unverified(personas, new_request, subject_calls):
    subject_request = new_request(rights=["access", "erasure", "restriction"])
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    services.matches_include_pending(subject_request=subject_request, actor=personas.dpo)
    return subject_request


def test_no_export_before_verification(personas, unverified):
    with pytest.raises(RequestError, match="Verify the subject's identity"):
        services.export_package_create(subject_request=unverified, actor=personas.dpo, link_base=LINK_BASE)
    assert not ExportPackage.objects.exists()


def test_no_erasure_or_restriction_before_verification(personas, unverified, subject_calls):
    with pytest.raises(RequestError, match="Verify"):
        services.erasure_decide(subject_request=unverified, actor=personas.dpo)
    with pytest.raises(RequestError, match="Verify"):
        services.restriction_apply(subject_request=unverified, actor=personas.dpo)
    subject_calls["as_caller"].refresh_from_db()
    assert subject_calls["as_caller"].wrapped_key and not subject_calls["as_caller"].restricted


def test_a_failed_check_keeps_the_request_waiting(personas, unverified, verify):
    verify(unverified, outcome=VerificationOutcome.FAILED)
    assert unverified.status == RequestStatus.RECEIVED and not unverified.is_verified
    with pytest.raises(RequestError):
        services.export_package_create(subject_request=unverified, actor=personas.dpo, link_base=LINK_BASE)


def test_verification_is_recorded_without_document_copies(personas, unverified, verify):
    verify(unverified)
    assert unverified.status == RequestStatus.IN_PROGRESS and unverified.verified_at is not None
    check = unverified.verifications.get()
    assert check.verified_by == personas.dpo and check.method == "strong_electronic"
    assert {f.name for f in check._meta.get_fields()} >= {"method", "outcome", "verified_by", "verified_at", "note"}
    assert not any(isinstance(f.name, str) and "document" in f.name for f in check._meta.get_fields())
