"""Fixtures for data-subject requests: the personas' controller, a subject, their calls, requests.

The story: Controller A keeps register A (the personas' register) and a second
register, "Asiakasrekisteri", both with `dpo` as DPO. A caller whose number is
040 123 4567 (+358401234567) phones both; another caller phones too. The
outsider is the DPO of Controller B and must never reach A's requests.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import recordings.tests.conftest as recording_fixtures
from registers.models import Role
from subject_requests import services
from subject_requests.models import VerificationMethod, VerificationOutcome
from testkit import grant, make_register

# The recordings app's fixtures ingest real synthetic audio through the real pipeline.
audio_file = recording_fixtures.audio_file
make_recording = recording_fixtures.make_recording

SUBJECT_NUMBER = "+358401234567"
SUBJECT_TYPED = "040 123 4567"
OTHER_CALLER = "+358501112222"
SUBJECT_NAME = "Maija Meikäläinen"
SUBJECT_EMAIL = "maija.meikalainen@example.fi"


@pytest.fixture
def controller(personas):
    return personas.register.controller


@pytest.fixture
def second_register(personas, controller):
    """Another register of Controller A, answered within a week, with the same DPO."""
    register = make_register(
        controller,
        slug="asiakasrekisteri",
        name="Asiakasrekisteri",
        name_en="Customer register",
        purpose="Asiakassuhteen hoito.",
        purpose_en="Managing the customer relationship.",
        response_target_days=7,
    )
    grant(personas.dpo, register, Role.DPO)
    return register


@pytest.fixture
def new_request(personas, controller):
    """Record a request as the DPO would; keyword arguments override the defaults."""

    def make(**overrides):
        data = dict(
            actor=personas.dpo,
            controller=controller,
            rights=["access"],
            received_on=date.today() - timedelta(days=2),
            channel="email",
            language="fi",
            subject_name=SUBJECT_NAME,
            subject_email=SUBJECT_EMAIL,
            phone_numbers=[SUBJECT_TYPED],
        )
        data.update(overrides)
        return services.request_receive(**data)

    return make


@pytest.fixture
def verify(personas):
    def run(subject_request, outcome=VerificationOutcome.VERIFIED):
        services.request_verify_identity(
            subject_request=subject_request,
            actor=personas.dpo,
            method=VerificationMethod.STRONG_ELECTRONIC,
            outcome=outcome,
            note="Pankkitunnistus",
        )
        subject_request.refresh_from_db()
        return subject_request

    return run


@pytest.fixture
def subject_calls(personas, make_recording):
    """Two calls by the subject (as caller and as callee) and one by somebody else, all in register A."""
    return {
        "as_caller": make_recording(personas.register, seconds=3.0, caller=SUBJECT_TYPED),
        "as_callee": make_recording(
            personas.register, seconds=2.0, direction="outbound", caller="010 380 8000", callee="+358 40 1234567"
        ),
        "someone_else": make_recording(personas.register, seconds=2.0, caller=OTHER_CALLER),
    }


@pytest.fixture
def searched_request(personas, new_request, verify, subject_calls):
    """A verified request whose search found the subject's calls, all included."""

    def make(**overrides):
        subject_request = verify(new_request(**overrides))
        services.request_search(subject_request=subject_request, actor=personas.dpo)
        services.matches_include_pending(subject_request=subject_request, actor=personas.dpo)
        return subject_request

    return make


LINK_BASE = "http://testserver"
