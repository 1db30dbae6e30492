"""Every URL that names an object answers 404 to users of another controller, whatever their role.

The sweep walks the project's URL patterns, fills each pattern's parameters
with real objects of Controller A (a register, a recording, a hold, a
retention task, a data-subject request with its matches, letters and
package), and requests them, by GET and POST, as a holder of every role at
Controller B and as an anonymous visitor. The answer must be 404 (or, for
an anonymous visitor, a redirect to the login page); never the object, and
never a 403 that would reveal it exists. A new URL whose parameter the sweep
does not know fails the test, so nothing is left out by accident.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from recordings_admin.testing import grant, make_stored_recording, make_user
from registers.models import Role
from retention.models import HoldKind
from retention.services import hold_place, retention_event_record

# Patterns without object parameters, or public by design.
NOT_OBJECT_VIEWS = {
    "package_download",  # the subject's single-use link: a token, not an object id
    "privacy_notice",  # public by law: every notice is published
}


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace
            inner_prefix = f"{prefix}{namespace}:" if namespace else prefix
            yield from _patterns(entry, inner_prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


@pytest.fixture
def controller_a_objects(personas):
    from subject_requests import services as sr
    from subject_requests.models import VerificationMethod, VerificationOutcome

    register = personas.register
    register.retention_trigger, register.retention_value, register.retention_event = "event", None, "Tili poistetaan"
    register.save()
    recording = make_stored_recording(register, caller_number="+358401234567", expires_at=None)
    hold = hold_place(
        actor=personas.dpo,
        recordings=[recording],
        kind=HoldKind.COMPLAINT,
        reason="Reklamaatio",
        review_on=timezone.localdate() + timedelta(days=30),
    )
    task = retention_event_record(
        actor=personas.dpo, register=register, event_on=timezone.localdate(), reference="ASIAKAS-1"
    )
    request = sr.request_receive(
        actor=personas.dpo,
        controller=register.controller,
        rights=["access", "erasure"],
        received_on=date.today(),
        channel="email",
        language="fi",
        subject_name="Maija Meikäläinen",
        subject_email="maija@example.fi",
        phone_numbers=["040 123 4567"],
    )
    sr.request_verify_identity(
        subject_request=request,
        actor=personas.dpo,
        method=VerificationMethod.STRONG_ELECTRONIC,
        outcome=VerificationOutcome.VERIFIED,
        note="",
    )
    sr.request_search(subject_request=request, actor=personas.dpo)
    sr.matches_include_pending(subject_request=request, actor=personas.dpo)
    appointment = sr.appointment_schedule(
        subject_request=request,
        actor=personas.dpo,
        starts_at=timezone.now() + timedelta(days=2),
        place="Toimisto",
        attendees="Tietosuojavastaava",
    )
    sr.export_package_create(subject_request=request, actor=personas.dpo, link_base="http://testserver")
    request.refresh_from_db()
    match = request.matches.first()
    letter = request.letters.first()
    from subject_requests.models import ExportPackage, ProcessorTask

    package = ExportPackage.objects.filter(request=request).first()
    processor_task = ProcessorTask.objects.filter(request=request).first()
    first_pk = min(filter(None, [hold.pk, task.pk]))
    return {
        "slug": register.slug,
        "public_id": recording.public_id,
        "number": request.number,
        "match_id": match.pk,
        "letter_id": letter.pk,
        "package_id": package.pk,
        "task_id": processor_task.pk if processor_task else 1,
        "appointment_id": appointment.pk,
        "pk": first_pk,
        "_pk_by_view": {"hold_release": hold.pk, "retention_task_done": task.pk},
        "_recording": recording,
    }


def _intruders(personas):
    """One user per role at Controller B, plus B's supervisor-and-DPO."""
    users = [personas.outsider]
    for role in Role.values:
        user = make_user(f"b-{role}", is_staff=role == Role.DPO)
        grant(user, personas.other_register, role)
        users.append(user)
    return users


def test_every_object_url_is_a_404_for_other_controllers(personas, controller_a_objects, client):
    swept, checked = 0, 0
    intruders = _intruders(personas)
    for name, pattern in _patterns():
        params = list(pattern.pattern.regex.groupindex)
        if not params or name.split(":")[-1] in NOT_OBJECT_VIEWS or name.startswith(("admin:", "api_")):
            continue
        unknown = [p for p in params if p not in controller_a_objects]
        assert not unknown, f"the isolation sweep does not know how to fill {unknown} of {name}"
        kwargs = {p: controller_a_objects[p] for p in params}
        if "pk" in kwargs:
            kwargs["pk"] = controller_a_objects["_pk_by_view"].get(name, kwargs["pk"])
        url = reverse(name, kwargs=kwargs)
        swept += 1
        for user in intruders:
            client.force_login(user)
            statuses = set()
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                checked += 1
                statuses.add(response.status_code)
                assert response.status_code in (404, 405), (
                    f"{method.upper()} {name} as {user.username}: {response.status_code}"
                )
            # 405 depends on the method alone; the method the view serves must answer 404.
            assert 404 in statuses, f"{name} as {user.username}: {statuses}"
        client.logout()
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (302, 404, 405), f"anonymous {method.upper()} {name}"
            if response.status_code == 302:
                assert "/accounts/login/" in response.url
    assert swept >= 25, f"only {swept} object URLs swept"
    # The objects are all still there: nothing an intruder posted changed them.
    controller_a_objects["_recording"].refresh_from_db()
    assert controller_a_objects["_recording"].wrapped_key is not None
    print(f"isolation sweep: {swept} URL patterns x {len(intruders)} users x 2 methods = {checked} requests")


def test_another_registers_ingest_token_learns_nothing(personas, controller_a_objects, client):
    """B's token on A's register gets exactly the answer a register that does not exist gets."""
    from recordings.models import IngestToken

    _token, raw = IngestToken.issue(personas.other_register, name="B's PBX")
    recording = controller_a_objects["_recording"]
    auth = {"HTTP_AUTHORIZATION": f"Token {raw}"}
    for path in ("recordings/", f"recordings/{recording.external_id}/"):
        for method in ("get", "post"):
            real = getattr(client, method)(f"/api/v1/registers/{personas.register.slug}/{path}", **auth)
            bogus = getattr(client, method)(f"/api/v1/registers/no-such-register/{path}", **auth)
            assert real.status_code in (401, 404, 405)
            assert (real.status_code, real.content) == (bogus.status_code, bogus.content)
